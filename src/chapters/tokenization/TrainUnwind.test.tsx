// @vitest-environment jsdom
// The train, unwind and granularity steps, booted as a reader reaches them: train a BPE on their text, step through
// the merges, read the compression chart's numbers, save it to the lab, unwind one of its tokens and GPT-4o's, and
// compare words, subwords and characters.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Blob as NodeBlob } from 'node:buffer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';
import { act } from 'react';
import { setLongText, setTrainedTokenizer } from './trainedTokenizer';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  setTrainedTokenizer(null);
  setLongText(null);
});

// GPT-2's and GPT-4o's rank tables are unzipped through Blob.stream(), which jsdom's Blob lacks.
const jsdomBlob = globalThis.Blob;
beforeAll(() => {
  globalThis.Blob = NodeBlob as unknown as typeof Blob;
});
afterAll(() => {
  globalThis.Blob = jsdomBlob;
});

const wait = { timeout: 30_000 };
const text = encodeURIComponent('the cat sat on the mat, the rat sat on the hat; the cat and the rat');

describe('Tokenization: train a BPE', () => {
  it('trains on the reader\'s text, steps merge by merge, and saves the tokenizer with a link to Training', async () => {
    ({ cleanup } = await bootApp(`#/tokenization/train?tokTrainOn=text&tokMerges=12&tokText=${text}`));
    const user = userEvent.setup();
    // Predict first: the guess is typed before training; the verdict waits for the first merge to be shown.
    await user.type(await screen.findByRole('textbox', { name: /^Your guess/ }, wait), 'the');
    expect(screen.getByTestId('first-merge-verdict')).toHaveTextContent('');
    await user.click(await screen.findByRole('button', { name: 'Train 12 merges' }, wait));
    await screen.findByTestId('train-stop', {}, wait);
    const player = screen.getByRole('group', { name: 'Merge player' });
    await user.click(within(player).getByRole('button', { name: 'Pause' }));
    // Step moves one merge on from wherever the player paused; Show all goes to the last.
    const shownNow = () => Number(/^Merge (\d+):/.exec(screen.getByTestId('merge-now').textContent ?? '')?.[1] ?? 0);
    const before = shownNow();
    if (before < 12) {
      await user.click(within(player).getByRole('button', { name: 'Step' }));
      expect(shownNow()).toBe(before + 1);
    }
    await user.click(within(player).getByRole('button', { name: 'Show all' }));
    expect(screen.getByTestId('merge-now').textContent).toMatch(/^Merge 12: .* the most frequent pair: \d+ times\.$/);
    // Merges come most frequent first: the latest merges' counts never rise.
    const counts = within(screen.getByRole('list', { name: 'Latest merges' })).getAllByRole('listitem').map((li) => Number(/×(\d+)$/.exec(li.textContent ?? '')?.[1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(screen.getByTestId('train-stop')).toHaveTextContent('Trained 12 merges on your text');
    // "the" occurs 6 times in the text: it is one of the 12 merges, though not the first (a pair of it comes first).
    expect(screen.getByTestId('first-merge-verdict').textContent).toMatch(/^The first merge made “.+” \(\d+ times\); yours, “the”, came at merge \d+/);
    // The sample passage is the text, cut into fewer tokens than its bytes.
    const sample = screen.getByRole('list', { name: "Sample passage in your BPE's tokens" });
    expect(within(sample).getAllByRole('listitem').length).toBeLessThan(68);
    // The compression chart names GPT-2's and GPT-4o's figures on the same held-out text.
    expect(screen.getByText(/GPT-2 gets \d\.\d\d with 50,257 and GPT-4o \d\.\d\d/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save to the lab' }));
    const saved = await screen.findByTestId('tokenizer-saved', {}, wait);
    const id = useStore.getState().tokenizers[0]?.id;
    expect(id).toBeTruthy();
    expect(within(saved).getByRole('link', { name: 'Train a model with it' })).toHaveAttribute('href', `#/training/pretrain?trainTokenizer=lab:${id}`);
  }, 60_000);

  it('says why a tiny text yields fewer merges than asked', async () => {
    ({ cleanup } = await bootApp('#/tokenization/train?tokTrainOn=text&tokMerges=50&tokText=abab%20cdcd'));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Train 50 merges' }, wait));
    expect(await screen.findByTestId('train-stop', {}, wait)).toHaveTextContent(/Only \d+ of the 50 merges .* no pair of neighbouring tokens occurs twice/);
  }, 60_000);

  it('trains on the long text of the first step, and says when there is none', async () => {
    ({ cleanup } = await bootApp('#/tokenization/train?tokTrainOn=long&tokMerges=20'));
    const user = userEvent.setup();
    expect(await screen.findByText(/There is no long text yet/, {}, wait)).toHaveAttribute('role', 'status');
    expect(screen.getByRole('button', { name: 'Train 20 merges' })).toBeDisabled();
    act(() => setLongText({ text: 'to be or not to be, that is the question; '.repeat(500), what: 'a long test text' }));
    await user.click(screen.getByRole('button', { name: 'Train 20 merges' }));
    expect(await screen.findByTestId('train-stop', {}, wait)).toHaveTextContent('Trained 20 merges on a long test text');
  }, 60_000);
});

describe('Tokenization: unwind and compare', () => {
  it("unwinds a GPT-4o token and the reader's own, and browses the vocabulary", async () => {
    ({ cleanup } = await bootApp(`#/tokenization/train?tokTrainOn=text&tokMerges=8&tokText=${text}`));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Train 8 merges' }, wait));
    await screen.findByTestId('train-stop', {}, wait);
    useStore.setState({ stepIndex: 3 });
    const gpt4o = await screen.findByRole('list', { name: 'Pick a GPT-4o (o200k) token to unwind' }, wait);
    await user.click(within(gpt4o).getAllByRole('button')[0]); // "the"
    const tree = await screen.findByRole('list', { name: 'Merge tree of the' }, wait);
    expect(tree.textContent).toMatch(/byte 0x74/); // t
    expect(tree.textContent).toMatch(/merge rank/);

    const browser = screen.getByRole('searchbox', { name: 'Search the vocabulary' });
    await user.type(browser, 'at');
    const rows = screen.getAllByRole('button', { name: /^Unwind .*at/ });
    expect(rows.length).toBeGreaterThan(0);
    await user.click(rows[0]);
    await waitFor(() => expect(screen.getByRole('list', { name: /^Merge tree of .*at/ })).toBeInTheDocument(), wait);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'frequency');
    expect(screen.getAllByRole('button', { name: /^Unwind / }).length).toBe(rows.length);
  }, 60_000);

  it('compares characters, words and GPT-2 on the reader\'s text with <unk> counts and embedding sizes', async () => {
    ({ cleanup } = await bootApp('#/tokenization/granularity?tokText=Thou%20art%20a%20smartphone'));
    const words = await screen.findByTestId('granularity-word', {}, wait);
    expect(within(words).getAllByRole('cell')[2].textContent).toMatch(/^[1-9]/); // "smartphone" is not Shakespeare's
    const chars = await screen.findByTestId('granularity-char', {}, wait);
    expect(within(chars).getAllByRole('cell')[1].textContent).toBe('21');
    expect(within(chars).getAllByRole('cell')[2].textContent).toMatch(/^0 /);
    expect(within(await screen.findByTestId('granularity-gpt2', {}, wait)).getAllByRole('cell')[0].textContent).toBe('50,257');
  }, 60_000);
});
