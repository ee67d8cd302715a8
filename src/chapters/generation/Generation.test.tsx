// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';
import { addCheckpoint } from '../../state/lab/labActions';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { firstDivergence } from './CompareStep';
import { parseBranch } from './useBranch';

// The engine runs in-process on a machine other test runs share: waits are long, and nothing asserts time.
vi.setConfig({ testTimeout: 120_000 });

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const generatedCount = () => within(screen.getByRole('list', { name: 'Generated tokens' })).getAllByRole('button').length;

describe('Generation: which token comes next?', () => {
  it('hides the probabilities until the reader guesses, then shows the engine\'s ten with the guess marked', async () => {
    ({ cleanup } = await bootApp('#/generation/guess?prompt=ROMEO%3A%20But'));
    const user = userEvent.setup();
    const choices = await screen.findByRole('group', { name: /Your guess for the next token/ }, { timeout: 30000 });
    const buttons = within(choices).getAllByRole('button');
    expect(buttons).toHaveLength(10);
    expect(screen.queryByRole('list', { name: 'Likeliest next tokens' })).toBeNull();
    await user.click(buttons[0]);
    const bars = within(screen.getByRole('list', { name: 'Likeliest next tokens' })).getAllByRole('listitem');
    expect(bars).toHaveLength(10);
    expect(bars.filter((b) => b.getAttribute('data-marked'))).toHaveLength(1);
    expect(screen.getByTestId('guess-verdict').textContent).toMatch(/\d+(\.\d)?%|<0\.1%/);
    // The bars come largest first: the verdict names the first bar's token as the favourite (or the guess was it).
    const verdict = screen.getByTestId('guess-verdict').textContent!;
    expect(verdict.startsWith('Right') || verdict.includes('its favourite is')).toBe(true);
  });
});

describe('Generation: one token at a time', () => {
  it('steps, plays ten more, and keeps the branch in the URL knob', async () => {
    ({ cleanup } = await bootApp('#/generation/step?prompt=ROMEO%3A&seed=3'));
    const user = userEvent.setup();
    const next = await screen.findByRole('button', { name: 'Next token' });
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 30000 });
    await user.click(next);
    await waitFor(() => expect(generatedCount()).toBe(1), { timeout: 30000 });
    await user.click(screen.getByRole('button', { name: 'Play 10 tokens' }));
    await waitFor(() => expect(generatedCount()).toBe(11), { timeout: 30000 });
    await waitFor(() => expect(parseBranch(useStore.getState().knobs.branch)).toHaveLength(11));
    expect(screen.getByRole('list', { name: 'Likeliest tokens at step 11' })).toBeInTheDocument();
  });

  it('replays a shared branch with the same seed to the same tokens, and branches at a chosen step', async () => {
    ({ cleanup } = await bootApp('#/generation/step?prompt=ROMEO%3A&seed=3'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 30000 });
    await user.click(await screen.findByRole('button', { name: 'Play 10 tokens' }));
    await waitFor(() => expect(parseBranch(useStore.getState().knobs.branch)).toHaveLength(10), { timeout: 30000 });
    const first = parseBranch(useStore.getState().knobs.branch) as number[];
    const text = screen.getByTestId('generated-text').textContent;

    // Step mode draws what play mode drew: start over and press Next token three times.
    await user.click(screen.getByRole('button', { name: 'Start over' }));
    for (let i = 1; i <= 3; i++) {
      await user.click(screen.getByRole('button', { name: 'Next token' }));
      await waitFor(() => expect(parseBranch(useStore.getState().knobs.branch)).toHaveLength(i), { timeout: 30000 });
    }
    expect(parseBranch(useStore.getState().knobs.branch)).toEqual(first.slice(0, 3));

    // Branch at step 2: take the first alternative offered there.
    await user.click(within(screen.getByRole('list', { name: 'Generated tokens' })).getAllByRole('button')[1]);
    const alternative = screen.getAllByRole('button', { name: /^Take “/ })[0];
    await user.click(alternative);
    await waitFor(() => expect(parseBranch(useStore.getState().knobs.branch)).toHaveLength(2), { timeout: 30000 });
    const branched = parseBranch(useStore.getState().knobs.branch) as number[];
    expect(branched[0]).toBe(first[0]);
    expect(branched[1]).not.toBe(first[1]);
    expect(screen.getByRole('heading', { name: 'Paths not taken' })).toBeInTheDocument();
    expect(screen.getByText(/^From step 2:/)).toBeInTheDocument();
    expect(text).not.toBe(screen.getByTestId('generated-text').textContent);

    // The tree keeps the path not taken; going back along it walks the first path again and keeps the branch.
    const tree = screen.getByRole('list', { name: 'Generation tree' });
    expect(within(tree).getAllByRole('listitem')).toHaveLength(2);
    await user.click(within(tree).getByRole('button', { name: /^Go back to step 3,/ }));
    await waitFor(() => expect(parseBranch(useStore.getState().knobs.branch)).toEqual(first.slice(0, 3)), { timeout: 30000 });
    const rows = within(screen.getByRole('list', { name: 'Generation tree' })).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[1].textContent).toMatch(/^From step 2:/);
  });

  it('stops a play at the stop sequence, keeping what was drawn, and caps it at the maximum length', async () => {
    ({ cleanup } = await bootApp('#/generation/step?prompt=ROMEO%3A&seed=3&genMaxLength=40&genStop=e'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 30000 });
    await user.click(await screen.findByRole('button', { name: 'Play 40 tokens' }));
    const notice = await screen.findByText(/^Stopped: the text reached the stop sequence “e” after \d+ new tokens/, {}, { timeout: 30000 });
    const n = Number(/after (\d+) new/.exec(notice.textContent!)![1]);
    expect(n).toBeLessThan(40);
    await waitFor(() => expect(parseBranch(useStore.getState().knobs.branch)).toHaveLength(n));
    expect(screen.getByTestId('generated-text').textContent).toContain('e'); // the prompt ROMEO: has none
  });

  it('says the window slides when the prompt is longer than the context', async () => {
    const long = encodeURIComponent('ROMEO: But soft, what light through yonder window breaks? '.repeat(6));
    ({ cleanup } = await bootApp(`#/generation/step?prompt=${long}`));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 30000 });
    await user.click(await screen.findByRole('button', { name: 'Next token' }));
    expect(await screen.findByTestId('window-notice', {}, { timeout: 30000 })).toHaveTextContent(/^Your prompt is \d+ tokens, but the model reads at most \d+ at a time/);
    expect(generatedCount()).toBe(1);
  });

  it('says an empty prompt has nothing to continue, and keeps the page whole', async () => {
    ({ cleanup } = await bootApp('#/generation/step?prompt='));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 30000 });
    await user.click(await screen.findByRole('button', { name: 'Next token' }));
    const step = within(document.getElementById('step-step')!);
    expect(await step.findByRole('alert', {}, { timeout: 30000 })).toHaveTextContent(/The prompt is empty: type at least one character/);
    expect(step.getByRole('button', { name: 'Next token' })).toBeEnabled();
  });

  it('says plainly when the branch in a link is not a list of ids, and starts afresh', async () => {
    ({ cleanup } = await bootApp('#/generation/step?prompt=ROMEO%3A&branch=1%2Cbanana'));
    expect(await screen.findByRole('alert', {}, { timeout: 30000 })).toHaveTextContent(/not a list of token ids/);
    expect(useStore.getState().knobs.branch).toBe('');
  });

  it('names the vocabulary bound when a linked id is outside it', async () => {
    ({ cleanup } = await bootApp('#/generation/step?prompt=ROMEO%3A&branch=999999'));
    expect(await screen.findByRole('alert', {}, { timeout: 30000 })).toHaveTextContent(/id|vocabulary/i);
  });
});

describe('Generation: decoding rules', () => {
  it('top-k 3 leaves exactly three tokens to draw from, the rest greyed as cut', async () => {
    ({ cleanup } = await bootApp('#/generation/decoding?prompt=ROMEO%3A&topK=3'));
    const summary = await screen.findByTestId('decoding-summary', {}, { timeout: 30000 });
    expect(summary.textContent).toMatch(/^3 of \d+ tokens can be drawn/);
    const after = within(screen.getByRole('list', { name: 'After the cuts' })).getAllByRole('listitem');
    expect(after).toHaveLength(15);
    expect(after.filter((b) => b.getAttribute('data-cut'))).toHaveLength(12);
    expect(after.slice(0, 3).every((b) => !b.getAttribute('data-cut'))).toBe(true);
    expect(screen.getByText(/cut \(greyed\): 12 by top-k/)).toBeInTheDocument();
  });

  it('greedy leaves one token, whatever the temperature', async () => {
    ({ cleanup } = await bootApp('#/generation/decoding?prompt=ROMEO%3A&greedy=1&temperature=2'));
    const summary = await screen.findByTestId('decoding-summary', {}, { timeout: 30000 });
    expect(summary.textContent).toMatch(/^1 of \d+ tokens can be drawn/);
    const after = within(screen.getByRole('list', { name: 'After the cuts' })).getAllByRole('listitem');
    expect(after[0]).toHaveAttribute('data-marked', 'true');
    expect(after[0].textContent).toContain('100%');
  });
});

describe('parseBranch', () => {
  it('reads comma-separated ids and refuses anything else', () => {
    expect(parseBranch('')).toEqual([]);
    expect(parseBranch('12, 5,7')).toEqual([12, 5, 7]);
    expect(parseBranch('1,-2')).toMatch(/not a list/);
    expect(parseBranch('1,,2')).toMatch(/not a list/);
  });
});

describe('Generation: what each token costs', () => {
  it('asks for a guess first, then counts the engine\'s multiply-adds, with and without the cache', async () => {
    ({ cleanup } = await bootApp('#/generation/cost?prompt=ROMEO%3A&seed=2'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 30000 });
    expect(screen.queryByTestId('cost-verdict')).toBeNull();
    expect(screen.queryByTestId('large-models')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'about 10 million' }));
    const verdictLine = await screen.findByTestId('cost-verdict', {}, { timeout: 30000 });
    const [, counted, recomputed] = /counted ([\d.]+ \w+) multiply-adds for 20 tokens.*would have been ([\d.]+ \w+)/.exec(verdictLine.textContent!) ?? [];
    expect(counted).toBeTruthy();
    expect(recomputed).toBeTruthy();
    expect(verdictLine.textContent).toMatch(/you guessed about 10 million/);
    expect(verdictLine.textContent).toMatch(/The same 20 tokens on GPT-3: [\d.]+ (billion|trillion); on a GPT-4o-class model \(estimate\)/);
    expect(Number(/\(([\d.]+)×\)/.exec(verdictLine.textContent!)![1])).toBeGreaterThan(1); // the cache saves work
    const parts = within(screen.getByRole('table', { name: 'Multiply-adds by part' })).getAllByRole('row');
    expect(parts.map((r) => r.querySelector('th')!.textContent)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Embedding/), expect.stringMatching(/^MLP/), expect.stringMatching(/^Output head/), 'Total']));
    const models = within(screen.getByTestId('large-models')).getAllByRole('row');
    expect(models.map((r) => r.textContent).join('|')).toMatch(/GPT-2 small.*GPT-3.*GPT-4o-class.*estimate/);
    expect(screen.getByTestId('energy-comparison').textContent).toMatch(/0\.24 Wh.*0\.34 Wh/);
  });
});

describe('Generation: temperature as a curve, and greedy\'s loop', () => {
  it('moves the temperature knob from the curve by keyboard, and shows greedy\'s text beside a sampled one', async () => {
    ({ cleanup } = await bootApp('#/generation/temperature?prompt=ROMEO%3A&temperature=1'));
    const user = userEvent.setup();
    const curve = await screen.findByRole('slider', { name: 'Temperature on the curve' }, { timeout: 30000 });
    const readout = screen.getByTestId('temperature-readout');
    const shares = () => [...readout.textContent!.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
    const atOne = shares();
    curve.focus();
    await user.keyboard('{Home}');
    expect(useStore.getState().knobs.temperature).toBe(0);
    expect(shares()[0]).toBe(100); // greedy: the favourite takes everything
    await user.keyboard('{End}');
    expect(useStore.getState().knobs.temperature).toBe(2);
    expect(shares()[0]).toBeLessThan(atOne[0]); // hotter: the favourite loses share
    await user.keyboard('{ArrowLeft}');
    expect(useStore.getState().knobs.temperature).toBe(1.95);
    expect(await screen.findByTestId('greedy-verdict', {}, { timeout: 30000 })).toHaveTextContent(/greedy repeats the same|No loop within 60 tokens/);
    expect(await screen.findByTestId('sampled-text', {}, { timeout: 30000 })).not.toHaveTextContent(screen.getByTestId('greedy-text').textContent!);
  });
});

describe('Generation: checkpoints compared', () => {
  it('shows one model with a hint, then two side by side with where they first differ', async () => {
    ({ cleanup } = await bootApp('#/generation/compare?prompt=ROMEO%3A&seed=4'));
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 30000 });
    expect(await screen.findByTestId('compare-hint')).toHaveTextContent(/only one model/);
    const base = await screen.findByTestId('compare-base', {}, { timeout: 30000 });
    await addCheckpoint(await tinyCheckpoint('other', 9), 'Other weights', 'sft');
    const sft = await screen.findByTestId('compare-sft', {}, { timeout: 30000 });
    expect(screen.queryByTestId('compare-hint')).toBeNull();
    const at = firstDivergence(base.textContent!, sft.textContent!.replace('▸', ''));
    expect(screen.getByTestId('divergence-sft').textContent).toBe(
      at === null ? 'The same text as the first column.' : at === 0 ? 'Differs from the very first character.' : `The same for ${at} characters, then it differs.`);
    expect(screen.getByRole('region', { name: /^SFT \(fine-tuned\): Other weights/ })).toBeInTheDocument();
  });
});

describe('firstDivergence', () => {
  it('finds the first differing character, or null for the same text', () => {
    expect(firstDivergence('abcd', 'abXd')).toBe(2);
    expect(firstDivergence('ab', 'abc')).toBe(2);
    expect(firstDivergence('same', 'same')).toBeNull();
    expect(firstDivergence('😀a', '😀b')).toBe(1); // characters, not UTF-16 units
  });
});
