// @vitest-environment jsdom
// Each step booted as a reader arriving by link, on the test's tiny untrained char-level model (16 numbers per
// token, 16 positions, learned positions), with the real engine in process.
import { fireEvent, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { setKnob } from '../../state/actions';
import { addCheckpoint } from '../../state/lab/labActions';
import { labDeps } from '../../state/lab/labContext';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { schemeFileLabel } from './schemes';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const wait = { timeout: 15000 };

/** Queries inside one step: the chapter is one page, every step on it, each computing its own figures. */
const step = (id: string) => within(document.getElementById(`step-${id}`)!);

describe('Embeddings: lookup', () => {
  it("shows the reader's tokens' rows, their position rows and the sum, with the width stated", async () => {
    ({ cleanup } = await bootApp('#/embeddings/lookup?prompt=the%20sun'));
    expect(await step('lookup').findByTestId('lookup-summary', {}, wait)).toHaveTextContent(/^7 tokens, each a vector of 16 numbers/);
    expect(step('lookup').getByRole('figure', { name: /Token vectors: one row/ })).toBeInTheDocument();
    expect(step('lookup').getByRole('figure', { name: /Position vectors/ })).toBeInTheDocument();
    expect(step('lookup').getByRole('figure', { name: /Token \+ position/ })).toBeInTheDocument();
    expect(step('lookup').getByText(/a learned row of the position table/)).toBeInTheDocument();
  });

  it('says plainly when a character is not in the vocabulary', async () => {
    ({ cleanup } = await bootApp('#/embeddings/lookup?prompt=%F0%9F%98%80'));
    expect(await step('lookup').findByRole('alert', {}, wait)).toHaveTextContent(/Unknown character|not among/i);
  });
});

describe('Embeddings: the space', () => {
  it('asks for a guess before showing neighbours, then shows the map, the neighbours and the distortion meter', async () => {
    ({ cleanup } = await bootApp('#/embeddings/space?embQuery=t'));
    const user = userEvent.setup();
    const group = await step('space').findByRole('group', { name: /which token is nearest to “t”/ }, wait);
    expect(step('space').queryByRole('list', { name: 'Nearest neighbours of t' })).toBeNull();
    await user.click(within(group).getAllByRole('button')[0]);
    expect(step('space').getByTestId('space-verdict').textContent).toMatch(/nearest/i);
    expect(within(step('space').getByRole('list', { name: 'Nearest neighbours of t' })).getAllByRole('listitem')).toHaveLength(8);
    expect(step('space').getByTestId('distortion-meter').textContent).toMatch(/\d of these 8 true neighbours/);
    expect(step('space').getByText(/The two axes keep \d+% of the spread/)).toBeInTheDocument();

    await user.click(step('space').getByRole('button', { name: /Compare with an untrained model/ }));
    expect(await step('space').findByRole('figure', { name: /An untrained model's token embeddings/ }, wait)).toBeInTheDocument();
    // The twin is kept in the lab (stored, so a reload finds it), named for the model it copies, which is its parent.
    const twin = useStore.getState().checkpoints.find((c) => c.label.startsWith('Untrained twin of “Shipped base model”'));
    expect(twin?.parent).toBe(useStore.getState().activeKey);
    expect(step('space').getByTestId('twin-kept')).toHaveTextContent(twin!.label);
    const stored = await labDeps().storage.list('checkpoints');
    expect(stored.records.map((r) => r.key)).toEqual([twin!.key]);
    expect(useStore.getState().activeKey).not.toBe(twin!.key); // kept, not made active
  });

  it('says when the query is several tokens and only the first is used', async () => {
    ({ cleanup } = await bootApp('#/embeddings/space?embQuery=sun'));
    expect(await step('space').findByTestId('query-note', {}, wait)).toHaveTextContent('“sun” is more than one token (or spelled otherwise) for this model; the map looks around its first token, “s”.');
  });

  it('names a query the tokenizer cannot read', async () => {
    ({ cleanup } = await bootApp('#/embeddings/space?embQuery=%E2%82%AC'));
    expect(await step('space').findByRole('alert', {}, wait)).toBeInTheDocument();
  });
});

describe('Embeddings: word2vec', () => {
  it('trains on a tiny text, warns that its map is noise, and answers neighbours and an analogy after', async () => {
    const text = encodeURIComponent('the king and the queen\nthe man and the woman\nthe king is a man\nthe queen is a woman\n'.repeat(5));
    ({ cleanup } = await bootApp(`#/embeddings/word2vec?embW2vText=${text}`));
    const user = userEvent.setup();
    await user.click(await step('word2vec').findByRole('button', { name: 'Play' }, wait));
    expect(await step('word2vec').findByTestId('w2v-tiny', {}, wait)).toHaveTextContent(/100 words.*mostly noise/);
    await waitFor(() => expect(step('word2vec').getByTestId('w2v-status')).toHaveTextContent(/Done|Paused/), { timeout: 30000 });
    expect(step('word2vec').getByRole('figure', { name: 'word2vec loss' })).toBeInTheDocument();
    await user.click(step('word2vec').getByRole('button', { name: 'Nearest words' }));
    expect(within(await step('word2vec').findByRole('list', { name: 'Nearest words' }, wait)).getAllByRole('listitem').length).toBeGreaterThan(3);
    await user.click(step('word2vec').getByRole('button', { name: 'Solve b − a + c' }));
    expect(await step('word2vec').findByTestId('w2v-analogy', {}, wait)).toHaveTextContent(/man is to king as woman is to \S+/);

    const word = step('word2vec').getByRole('textbox', { name: 'Word' });
    await user.clear(word);
    await user.type(word, 'dragon');
    await user.click(step('word2vec').getByRole('button', { name: 'Nearest words' }));
    expect(await step('word2vec').findByRole('alert', {}, wait)).toHaveTextContent(/“?dragon"? is not among the words/);
  });
});

describe('Embeddings: static and contextual', () => {
  it('gives the same word similarity 1 in the table and less after the blocks', async () => {
    ({ cleanup } = await bootApp('#/embeddings/context?embSentenceA=the%20sun%20is%20east&embSentenceB=it%20is%20the%20sun&embWord=sun'));
    const list = await step('context').findByRole('list', { name: 'Cosine similarity by depth' }, wait);
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3); // the table and two blocks
    expect(items[0]).toHaveTextContent('1.000');
    expect(items[2].textContent).not.toMatch(/1\.000/);
    expect(step('context').getByRole('figure', { name: 'How alike “sun” is in the two sentences, block by block' })).toBeInTheDocument();
    expect(await step('context').findByRole('figure', { name: /Both sentences' tokens at depth 0/ }, wait)).toBeInTheDocument();
    await userEvent.setup().click(step('context').getByRole('button', { name: 'Play through the blocks' }));
    expect(await step('context').findByRole('figure', { name: /Both sentences' tokens at depth 2 \(after block 2\)/ }, wait)).toBeInTheDocument();
    expect(step('context').getByRole('button', { name: 'Play through the blocks' })).toBeInTheDocument(); // stopped at the end
  });

  it('says when a sentence lacks the word', async () => {
    ({ cleanup } = await bootApp('#/embeddings/context?embSentenceA=the%20sun&embSentenceB=it%20is%20east&embWord=sun'));
    expect(await step('context').findByRole('alert', {}, wait)).toHaveTextContent(/second sentence does not contain “sun”/);
  });
});

describe('Embeddings: many dimensions', () => {
  it('shows cosine similarities concentrating as dimensions grow', async () => {
    ({ cleanup } = await bootApp('#/embeddings/dimensions?embDims=2', { engine: false }));
    const spread = () => Number(/spread by ([\d.]+)/.exec(step('dimensions').getByTestId('dims-summary').textContent!)![1]);
    const low = spread();
    expect(low).toBeGreaterThan(0.5);
    act(() => setKnob('embDims', 1000));
    await waitFor(() => expect(step('dimensions').getByTestId('dims-summary')).toHaveTextContent(/In 1000 dimensions/));
    expect(spread()).toBeLessThan(0.05);
  });
});

describe('Embeddings: positions', () => {
  it("draws the model's learned table, its similarities, the sinusoids with the formula's value, and RoPE", async () => {
    ({ cleanup } = await bootApp('#/embeddings/positions'));
    expect(await step('positions').findByRole('figure', { name: 'Learned position vectors (wpe)' }, wait)).toBeInTheDocument();
    expect(step('positions').getByRole('figure', { name: /How alike two positions are/ })).toBeInTheDocument();
    const value = step('positions').getByTestId('sinusoid-value').textContent!;
    expect(value).toContain(`sin(${(3).toPrecision(4)}) = ${Math.sin(3).toFixed(4)}`);
    expect(value).toContain(`the table below holds ${Math.sin(3).toFixed(4)}`);
    expect(step('positions').getByTestId('rope-readout')).toHaveTextContent(/only m − n = 3 matters/);
    // The slider's cell is outlined on the sinusoid map, and moves with the slider.
    const map = step('positions').getByRole('figure', { name: "Sinusoidal position vectors at your model's size" });
    const mark = () => map.querySelector('.viz-mark')!;
    const y = mark().getAttribute('y');
    fireEvent.change(step('positions').getByRole('slider', { name: /Position p/ }), { target: { value: '9' } });
    expect(mark().getAttribute('y')).not.toBe(y);
    expect(step('positions').getByTestId('sinusoid-value')).toHaveTextContent(`= ${Math.sin(9).toFixed(4)}`);
  });
});

describe('Embeddings: word order', () => {
  it('without positions the outputs are the same vectors reordered; with them they differ', async () => {
    ({ cleanup } = await bootApp('#/embeddings/order?embOrderA=%20sun%20is%20east&embOrderB=%20east%20is%20sun&prompt=the%20sun%20is%20east%20and%20it%20is%20the%20sun'));
    const table = await step('order').findByTestId('order-table', {}, wait);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const [off, on] = within(row).getAllByRole('cell').slice(1).map((c) => Number(c.textContent));
      expect(off).toBeLessThan(1e-5);
      expect(on).toBeGreaterThanOrEqual(0);
    }
    expect(rows.some((row) => Number(within(row).getAllByRole('cell')[2].textContent) > 1e-5)).toBe(true);
  });

  it('refuses two texts that are not the same tokens', async () => {
    ({ cleanup } = await bootApp('#/embeddings/order?embOrderA=sun&embOrderB=east'));
    expect(await step('order').findByRole('alert', {}, wait)).toHaveTextContent(/same tokens in another order/);
  });

  it('asks whether the model will notice a shuffle, then shows both losses', async () => {
    ({ cleanup } = await bootApp('#/embeddings/order?prompt=the%20sun%20is%20east%20and%20it%20is%20the%20sun'));
    const user = userEvent.setup();
    await user.click(await step('order').findByRole('button', { name: /Yes: its loss will rise/ }, wait));
    expect(await step('order').findByTestId('shuffle-verdict', {}, wait)).toHaveTextContent(/\d\.\d{3}.*\d\.\d{3}/);
    expect(within(step('order').getByRole('list', { name: 'Mean loss per token' })).getAllByRole('listitem')).toHaveLength(2);
  });
});

describe('Embeddings: schemes compared', () => {
  it('shows the stored curves labelled precomputed with their command', async () => {
    ({ cleanup } = await bootApp('#/embeddings/schemes'));
    expect(await step('schemes').findByRole('figure', { name: 'Validation loss by positional scheme' }, wait)).toBeInTheDocument();
    expect(step('schemes').getAllByText(/npx tsx scripts\/positions\.ts --iters \d+/).length).toBeGreaterThan(0);
    expect(step('schemes').getByText(/Final validation loss: none [\d.]+, learned [\d.]+, sinusoidal [\d.]+, sinusoidal-scaled [\d.]+, rope [\d.]+/)).toBeInTheDocument();
    expect(step('schemes').getByTestId('scheme-ranking').textContent).toMatch(/^Ranked by final validation loss in the stored run: (.+ [\d.]+ < ){4}.+ [\d.]+\./);
    expect(step('schemes').getByRole('button', { name: /Train “none” here/ })).toBeEnabled();
    // The paper's √C scaling is offered and explained with both stored results.
    expect(step('schemes').getByRole('radio', { name: 'sinusoids, tokens ×√C (the 2017 paper)' })).toBeInTheDocument();
    expect(step('schemes').getByTestId('scheme-ranking')).toHaveTextContent(/multiplies token vectors by √C \(here √64 = 8\).+end at [\d.]+ (instead of|, no better than) [\d.]+/);
  });

  it("draws an earlier live retrain kept in the lab beside the stored curves, by the label in its file", async () => {
    ({ cleanup } = await bootApp('#/embeddings/schemes'));
    const figure = await step('schemes').findByRole('figure', { name: 'Validation loss by positional scheme' }, wait);
    expect(within(figure).queryByText(/your earlier run/)).toBeNull();
    await (async () => {
      const lossHistory = [{ iter: 50, loss: 3, valLoss: 3.1 }, { iter: 100, loss: 2.6, valLoss: 2.7 }];
      await addCheckpoint(await tinyCheckpoint(schemeFileLabel('rope')), 'My RoPE run', 'pretrained', { lossHistory });
      await addCheckpoint(await tinyCheckpoint('something else'), 'Not a scheme run', 'pretrained', { lossHistory });
    })(); // the lab changes as a finished run would change it, outside any event: the figure follows the store
    await waitFor(() => expect(within(figure).getAllByText(/RoPE \(rotary\) \(your earlier run, in the lab as “My RoPE run”\)/).length).toBeGreaterThan(0));
    expect(within(figure).queryByText(/Not a scheme run/)).toBeNull();
  });
});
