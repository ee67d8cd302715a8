// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Blob as NodeBlob } from 'node:buffer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

// The engine unzips GPT-2's and GPT-4o's rank tables through Blob.stream(), which browsers and Node have and
// jsdom's Blob lacks: these tests lend the page Node's Blob while they run.
const jsdomBlob = globalThis.Blob;
beforeAll(() => {
  globalThis.Blob = NodeBlob as unknown as typeof Blob;
});
afterAll(() => {
  globalThis.Blob = jsdomBlob;
});

const wait = { timeout: 10000 };

describe('Tokenization: five views', () => {
  it("cuts the reader's text by characters, words, the model, GPT-2 and GPT-4o, each with its count", async () => {
    ({ cleanup } = await bootApp('#/tokenization/views?tokText=Hello%20world'));
    const gpt4o = await screen.findByRole('list', { name: 'GPT-4o (o200k) tokens' }, wait);
    expect(within(gpt4o).getAllByRole('button')).toHaveLength(2);
    expect(within(gpt4o).getByRole('button', { name: 'Hello, id 13225' })).toBeInTheDocument();
    expect(within(gpt4o).getByRole('button', { name: '␣world, id 2375' })).toBeInTheDocument();
    const chars = await screen.findByRole('list', { name: 'Characters tokens' }, wait);
    expect(within(chars).getAllByRole('button')).toHaveLength(11);
    expect(within(await screen.findByRole('list', { name: 'Words tokens' }, wait)).getAllByRole('button')).toHaveLength(2);
    // The test's model is char-level on a little Shakespeare, without "H": it says so instead of guessing.
    expect(await screen.findByText(/This book's model: Unknown character "H"/, {}, wait)).toHaveAttribute('role', 'alert');
    expect(await screen.findByTestId('count-gpt2', {}, wait)).toHaveTextContent('2 tokens · 5.50 characters per token');
    expect(screen.getByTestId('count-char')).toHaveTextContent('11 tokens · 1.00 characters per token');
  });

  it('marks the same characters in every view when a token is picked', async () => {
    ({ cleanup } = await bootApp('#/tokenization/views?tokText=the%20sun'));
    const user = userEvent.setup();
    const gpt4o = await screen.findByRole('list', { name: 'GPT-4o (o200k) tokens' }, wait);
    const model = await screen.findByRole('list', { name: "This book's model tokens" }, wait);
    expect(within(model).getAllByRole('button')).toHaveLength(7);
    await user.click(within(gpt4o).getByRole('button', { name: /^␣sun/ }));
    // " sun" is characters 4..7: each chip says (and is shaded by) the share of its characters that are marked.
    const shares = (name: string) => within(screen.getByRole('list', { name })).getAllByRole('button').map((b) => / (\d+)%$/.exec(b.textContent ?? '')?.[1]);
    for (const name of ['Characters tokens', "This book's model tokens"]) expect(shares(name)).toEqual(['0', '0', '0', '100', '100', '100', '100']);
    expect(shares('Words tokens')).toEqual(['0', '100']); // the, ␣sun
    await user.click(within(gpt4o).getByRole('button', { name: /^␣sun/ }));
    expect(shares("This book's model tokens")).toEqual(Array(7).fill(undefined));
  });

  it('marks the hovered token\'s characters in every view until the pointer leaves', async () => {
    ({ cleanup } = await bootApp('#/tokenization/views?tokText=the%20sun'));
    const user = userEvent.setup();
    const gpt4o = await screen.findByRole('list', { name: 'GPT-4o (o200k) tokens' }, wait);
    await screen.findByRole('list', { name: 'Characters tokens' }, wait);
    const shares = () => within(screen.getByRole('list', { name: 'Characters tokens' })).getAllByRole('button').map((b) => / (\d+)%$/.exec(b.textContent ?? '')?.[1]);
    await user.hover(within(gpt4o).getByRole('button', { name: /^␣sun/ }));
    expect(shares()).toEqual(['0', '0', '0', '100', '100', '100', '100']);
    await user.unhover(gpt4o);
    expect(shares()).toEqual(Array(7).fill(undefined));
  });

  it('shows only the views the tokViews knob names, and the check boxes change it', async () => {
    ({ cleanup } = await bootApp('#/tokenization/views?tokText=hi&tokViews=char,gpt4o'));
    const user = userEvent.setup();
    await screen.findByRole('list', { name: 'GPT-4o (o200k) tokens' }, wait);
    expect(screen.queryByRole('list', { name: 'Words tokens' })).toBeNull();
    expect(screen.getByRole('list', { name: 'Characters tokens' })).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Words' }));
    expect(useStore.getState().knobs.tokViews).toBe('char,word,gpt4o');
    expect(await screen.findByRole('list', { name: 'Words tokens' }, wait)).toBeInTheDocument();
  });

  it('explains byte tokens when GPT-2 cuts a character, and a sample replaces the text', async () => {
    ({ cleanup } = await bootApp('#/tokenization/views?tokText=Hi'));
    const user = userEvent.setup();
    await screen.findByTestId('count-gpt2', {}, wait);
    expect(screen.queryByTestId('bytes-note')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Russian' }));
    expect(useStore.getState().knobs.tokText).toMatch(/^Привет/);
    expect(await screen.findByTestId('bytes-note', {}, wait)).toHaveTextContent(/UTF-8/);
    await waitFor(() => expect(screen.getByTestId('count-char')).toHaveTextContent(/^\d+ tokens/), wait);
  });

  it('counts special tokens both ways, and reads them as one token each when the reader asks', async () => {
    ({ cleanup } = await bootApp('#/tokenization/views?tokText=%3C%7Cendoftext%7C%3EHi'));
    const user = userEvent.setup();
    const note = await screen.findByTestId('special-gpt4o', {}, wait);
    const [asSpecial, asText] = (/(\d+) tokens when they are read as special tokens, (\d+) when read as plain text/.exec(note.textContent ?? '') ?? []).slice(1).map(Number);
    expect(asSpecial).toBe(2); // <|endoftext|> and Hi
    expect(asText).toBeGreaterThan(2);
    expect(note).toHaveTextContent('this view reads them as plain text');
    expect(screen.getByTestId('count-gpt4o')).toHaveTextContent(`${asText} tokens`);
    await user.click(screen.getByRole('checkbox', { name: /as special tokens/ }));
    expect(useStore.getState().knobs.tokSpecial).toBe(true);
    await waitFor(() => expect(screen.getByTestId('count-gpt4o')).toHaveTextContent(/^2 tokens/), wait);
    const gpt4o = screen.getByRole('list', { name: 'GPT-4o (o200k) tokens' });
    expect(within(gpt4o).getByRole('button', { name: '<|endoftext|>, id 199999' })).toBeInTheDocument();
    expect(screen.getByTestId('special-gpt4o')).toHaveTextContent('this view reads them as special tokens');
  });

  it('says plainly when the text is empty', async () => {
    ({ cleanup } = await bootApp('#/tokenization/views?tokText=a'));
    const user = userEvent.setup();
    await user.clear(screen.getByRole('textbox', { name: 'Your text' }));
    expect(await screen.findByText(/Your text is empty/)).toBeInTheDocument();
  });
});

describe('Tokenization: guess, then count', () => {
  it('reveals the GPT-4o count only after the guess, and says how close it was', async () => {
    ({ cleanup } = await bootApp('#/tokenization/guess'));
    const user = userEvent.setup();
    expect(screen.queryByTestId('count-verdict')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Reveal the count' }));
    const verdict = await screen.findByTestId('count-verdict', {}, wait);
    const count = Number(/cuts it into (\d+) tokens/.exec(verdict.textContent ?? '')?.[1]);
    expect(count).toBeGreaterThan(10);
    expect(verdict).toHaveTextContent(new RegExp(`You guessed 15: ${count === 15 ? 'exactly right' : `off by ${Math.abs(15 - count)}`}`));
    expect(within(screen.getByRole('list', { name: 'The sentence in GPT-4o tokens' })).getAllByRole('listitem')).toHaveLength(count);
  });

  it('asks which language costs most, and reveals the counts with the guess marked', async () => {
    ({ cleanup } = await bootApp('#/tokenization/guess'));
    const user = userEvent.setup();
    expect(screen.getByRole('button', { name: 'Pick a language to reveal' })).toBeDisabled();
    await user.click(screen.getByRole('radio', { name: /^English/ }));
    await user.click(screen.getByRole('button', { name: 'Reveal the counts' }));
    const verdict = await screen.findByTestId('language-verdict', {}, wait);
    expect(verdict).toHaveTextContent(/^Not quite: you picked English, but \w+ costs GPT-2 the most/);
    const bars = within(screen.getByRole('list', { name: 'GPT-2 tokens per language' })).getAllByRole('listitem');
    expect(bars).toHaveLength(5);
    expect(screen.getByRole('list', { name: 'GPT-2 tokens per language' })).toHaveTextContent(/your guess/);
  });
});

describe('Tokenization: a long text', () => {
  it('counts a pasted text five ways in the worker, with one line per tokenizer, and refuses an empty box', async () => {
    ({ cleanup } = await bootApp('#/tokenization/views'));
    const user = userEvent.setup();
    await user.click(await screen.findByText(/A long text: paste a book/, {}, wait));
    await user.click(screen.getByRole('button', { name: 'Count it five ways' }));
    expect(await screen.findByText(/The box is empty/, {}, wait)).toHaveAttribute('role', 'alert');
    const box = screen.getByRole('textbox', { name: 'Long text (kept out of the link)' }) as HTMLTextAreaElement;
    box.value = 'To be, or not to be: that is the question. '.repeat(200);
    await user.click(screen.getByRole('button', { name: 'Count it five ways' }));
    await waitFor(() => expect(screen.getByTestId('long-status')).toHaveTextContent('Done: 5 ways.'), wait);
    const lines = within(screen.getByTestId('long-counts')).getAllByRole('listitem');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toHaveTextContent(/^Characters: 8,600 tokens, 1\.00 characters per token/);
  });
});
