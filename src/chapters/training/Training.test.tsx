// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup as unmountAll, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';
import { tinyCorpus } from '../../workers/testing/tinyCheckpoint';
import { corpusProblem, forgetShakespeare, readTextFile } from './corpus';
import { batchLayout, WINDOW } from './ObjectiveStep';
import { draftProblems } from './RunSettings';
import { presets } from './presets';
import { bestValidation } from './runTypes';
import { wordDiff, wordLikeShare } from './sampleDiff';
import { checkTask } from './sftTask';
import { tokenizerChoice } from './tokenizerChoice';
import { forgetFinetune, forgetRun } from './savedRun';
import { plainPrompt } from './useFinetuneRun';
import { ratingsAsExamples } from './rlhfExamples';
import { addRating } from '../../state/lab/labCollections';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  vi.unstubAllGlobals();
  forgetShakespeare();
  void forgetRun();
  void forgetFinetune();
});

const shakespeare = readFileSync(resolve('public/data/tinyshakespeare.txt'), 'utf8');

/** Serves the chapter's data files: `texts` by URL ending. */
function serve(texts: Record<string, string>) {
  vi.stubGlobal('fetch', async (url: string) => {
    const hit = Object.entries(texts).find(([end]) => String(url).endsWith(end));
    if (!hit) return { ok: false, status: 404, text: async () => '', json: async () => null };
    return { ok: true, status: 200, text: async () => hit[1], json: async () => JSON.parse(hit[1]) };
  });
}

async function setNumber(label: string, value: string) {
  const input = within(screen.getByRole('group', { name: 'Settings' })).getByLabelText(label, { exact: true }) as HTMLInputElement;
  const user = userEvent.setup();
  await user.clear(input);
  await user.type(input, value);
}

describe('Training: the objective', () => {
  it('grades every position of the reader’s text, and reveals ln V after a guess', async () => {
    ({ cleanup } = await bootApp('#/training/objective?trainText=ROMEO%3A%20But%20soft%2C%20what%20light'));
    const user = userEvent.setup();
    const readout = await screen.findByTestId('position-readout', {}, { timeout: 10000 });
    expect(readout.textContent).toMatch(/the model gives the target .* p = .*the loss there is −ln p = \d+\.\d\d nats/);
    const positions = within(screen.getByRole('list', { name: 'Positions' })).getAllByRole('button');
    expect(positions).toHaveLength('ROMEO: But soft, what light'.length - 1); // the tiny model reads characters
    await user.click(positions[3]);
    expect(screen.getByTestId('position-readout').textContent).toMatch(/^Position 4: after reading up to/);
    expect(screen.queryByTestId('objective-reveal')).toBeNull();
    await user.click(screen.getByRole('button', { name: /About ln V/ }));
    const reveal = screen.getByTestId('objective-reveal');
    const vocab = useStore.getState().checkpoints[0].summary.config.vocabSize;
    expect(reveal.textContent).toContain(`${Math.log(vocab).toFixed(3)} nats (${vocab} tokens`);
    await waitFor(() => expect(screen.getByTestId('objective-reveal').textContent).toMatch(/untrained twin\d+\.\d{3} nats per token/), { timeout: 10000 });
  });

  it('says so when the text is empty', async () => {
    ({ cleanup } = await bootApp('#/training/objective?trainText='));
    expect(await screen.findByText(/The text is empty/)).toBeInTheDocument();
  });
});

describe('Training: pre-training', () => {
  it('trains a fresh char model on Shakespeare, shows curves, stats and samples, and saves it as pretrained', async () => {
    serve({ 'tinyshakespeare.txt': shakespeare.slice(0, 20_000) });
    ({ cleanup } = await bootApp('#/training/pretrain?trainTokenizer=char'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10000 });
    await setNumber('Layers', '1');
    await setNumber('Heads per layer', '2');
    await setNumber('Width (channels)', '16');
    await setNumber('Context (tokens)', '16');
    await setNumber('Batch (windows per step)', '4');
    await setNumber('Steps', '20');
    expect(screen.getByTestId('run-estimate').textContent).toMatch(/parameters, .*FLOP per step, about .* per step/);
    await user.click(screen.getByRole('button', { name: 'Start training' }));
    await waitFor(() => expect(screen.getByTestId('run-phase').textContent).toBe('finished'), { timeout: 60000 });
    expect(screen.getByTestId('run-step').textContent).toBe('20 of 20');
    const samples = within(screen.getByRole('list', { name: 'Samples by step' })).getAllByRole('listitem');
    expect(samples.map((li) => /^step (\d+)/.exec(li.textContent ?? '')?.[1])).toEqual(['0', '10', '20']); // the untrained model's first
    // Any two moments can be compared: pick step 10 against step 20.
    await user.selectOptions(screen.getByLabelText('Compare'), '10');
    expect(screen.getByText(/^Struck through: words of step 10 that are gone; underlined: words new at step 20/)).toBeInTheDocument();
    // Keep the curves, then overlay them: the chart gains a dashed validation series for the kept run.
    await user.click(screen.getByRole('button', { name: 'Keep these curves to compare' }));
    await waitFor(() => expect(useStore.getState().runs).toHaveLength(1));
    expect(useStore.getState().runs[0]).toMatchObject({ kind: 'pretrained', checkpointKey: null, config: { maxLr: 0.004, steps: 20 } });
    await user.click(screen.getByRole('checkbox', { name: /default recipe, peak learning rate 0.004, 20 steps/ }));
    expect(screen.getByText(/^validation, default, lr 0.004/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save to the lab as pretrained' }));
    await waitFor(() => expect(useStore.getState().checkpoints.some((c) => c.kind === 'pretrained')).toBe(true), { timeout: 10000 });
    const saved = useStore.getState().checkpoints.find((c) => c.kind === 'pretrained')!;
    expect(useStore.getState().activeKey).toBe(saved.key);
    expect(saved.lossHistory.length).toBeGreaterThanOrEqual(2);
    expect(useStore.getState().runs.some((r) => r.kind === 'pretrained' && r.checkpointKey === saved.key)).toBe(true);
  }, 90000);

  it('pauses, and after a reload (a new app and engine) resumes from the kept run state', async () => {
    serve({ 'tinyshakespeare.txt': shakespeare.slice(0, 20_000) });
    ({ cleanup } = await bootApp('#/training/pretrain?trainTokenizer=char'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10000 });
    for (const [label, value] of [['Layers', '1'], ['Heads per layer', '2'], ['Width (channels)', '16'], ['Context (tokens)', '16'], ['Batch (windows per step)', '2'], ['Steps', '400']]) {
      await setNumber(label, value);
    }
    await user.click(screen.getByRole('button', { name: 'Start training' }));
    const step = () => Number(/^(\d+)/.exec(screen.getByTestId('run-step').textContent ?? '')?.[1] ?? 0);
    await waitFor(() => expect(step()).toBeGreaterThanOrEqual(3), { timeout: 60000 });
    await user.click(screen.getByRole('button', { name: /^Pause$/ }));
    await waitFor(() => expect(screen.getByTestId('run-phase').textContent).toBe('paused'), { timeout: 60000 });
    const pausedAt = step();
    cleanup!();
    unmountAll(); // the reload: nothing of the first page stays
    serve({ 'tinyshakespeare.txt': shakespeare.slice(0, 20_000) });
    ({ cleanup } = await bootApp('#/training/pretrain?trainTokenizer=char'));
    expect(await screen.findByTestId('restored-run', {}, { timeout: 10000 })).toHaveTextContent(`kept at step ${pausedAt}`);
    expect(screen.getByRole('button', { name: 'Save to the lab as pretrained' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'One step' }));
    await waitFor(() => expect(step()).toBe(pausedAt + 1), { timeout: 60000 });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save to the lab as pretrained' })).toBeEnabled(), { timeout: 60000 });
  }, 120000);

  it('stops at the best validation: keeps that evaluation’s model, also across a reload, and saves it', async () => {
    serve({ 'tinyshakespeare.txt': shakespeare.slice(0, 20_000) });
    ({ cleanup } = await bootApp('#/training/pretrain?trainTokenizer=char&trainPreset=overfit'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10000 });
    for (const [label, value] of [['Layers', '1'], ['Heads per layer', '2'], ['Width (channels)', '16'], ['Context (tokens)', '16'], ['Batch (windows per step)', '4'], ['Steps', '60'], ['Peak learning rate', '0.05']]) {
      await setNumber(label, value);
    }
    await user.click(screen.getByRole('checkbox', { name: /Stop at the best validation/ }));
    await user.click(screen.getByRole('button', { name: 'Start training' }));
    await waitFor(() => expect(screen.getByTestId('run-phase').textContent).toBe('finished'), { timeout: 90000 });
    const kept = await screen.findByText(/The model kept is step (\d+)’s, where validation was best/);
    const iter = Number(/step (\d+)’s/.exec(kept.textContent ?? '')![1]);
    expect(screen.getByTestId('best-validation').textContent).toContain(`step ${iter}`);
    // The reload: the best model and its mark come back with the run, and Save saves that model, no step needed.
    cleanup!();
    unmountAll();
    serve({ 'tinyshakespeare.txt': shakespeare.slice(0, 20_000) });
    ({ cleanup } = await bootApp('#/training/pretrain?trainTokenizer=char&trainPreset=overfit'));
    expect(await screen.findByTestId('restored-run', {}, { timeout: 10000 })).toHaveTextContent(`with the model of its best validation (step ${iter})`);
    expect(screen.getByTestId('run-phase').textContent).toBe('finished');
    expect(screen.getByTestId('best-validation').textContent).toContain(`(the model kept: step ${iter}’s)`);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save to the lab as pretrained' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Save to the lab as pretrained' }));
    await waitFor(() => expect(useStore.getState().checkpoints.some((c) => c.kind === 'pretrained')).toBe(true), { timeout: 10000 });
    const saved = useStore.getState().checkpoints.find((c) => c.kind === 'pretrained')!;
    expect(saved.summary.meta.iter).toBe(iter);
    expect(saved.lossHistory.at(-1)!.iter).toBe(iter);
  }, 120000);

  it('refuses bad settings and bad text with a message, and starts nothing', async () => {
    serve({ 'tinyshakespeare.txt': shakespeare.slice(0, 20_000) });
    ({ cleanup } = await bootApp('#/training/pretrain?trainTokenizer=char'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10000 });
    await setNumber('Heads per layer', '3');
    await user.click(screen.getByRole('button', { name: 'Start training' }));
    expect((await screen.findByTestId('run-problem')).textContent).toMatch(/divide evenly among the 3 heads/);
    await setNumber('Heads per layer', '4');
    await user.click(screen.getByLabelText('Your own text'));
    await user.type(screen.getByLabelText(/Paste a text/), 'too short');
    await user.click(screen.getByRole('button', { name: 'Start training' }));
    await waitFor(() => expect(screen.getByTestId('run-problem').textContent).toMatch(/too short/));
    expect(screen.queryByTestId('run-stats')).toBeNull();
  });

  it('names an unknown tokenizer in a link and uses the shipped one', async () => {
    ({ cleanup } = await bootApp('#/training/pretrain?trainTokenizer=lab%3Anope'));
    expect(await screen.findByText(/not in your lab/)).toBeInTheDocument();
  });
});

describe('Training: fine-tuning', () => {
  const task = {
    task: 't', recipe: 'r', command: 'c', majorityAnswer: 'Juliet', majorityRate: 0.5, alternatingShare: 0.6,
    train: [
      { prompt: 'ROMEO: But soft', response: ' Juliet' },
      { prompt: 'It is the east', response: ' ROMEO' },
      { prompt: 'what light', response: ' Juliet' },
      { prompt: 'yonder window', response: ' ROMEO' },
    ],
    test: [{ prompt: 'It is the sun', response: ' Juliet' }, { prompt: 'But soft', response: ' ROMEO' }],
  };

  it('fine-tunes for the steps and schedule the reader sets, with their RLHF choices as extra examples; finished, it stays so across a reload', async () => {
    serve({ 'sft-task.json': JSON.stringify(task), 'tinyshakespeare.txt': tinyCorpus.repeat(30) });
    ({ cleanup } = await bootApp('#/training/finetune'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10000 });
    const addMine = () => screen.getByRole('checkbox', { name: /Add my RLHF choices as fine-tuning examples/ });
    expect(addMine()).toBeDisabled(); // no ratings yet
    await addRating({ prompt: 'ROMEO:', a: ' But soft', b: ' what', choice: 'a', rater: 'person' });
    await addRating({ prompt: 'Juliet:', a: ' the', b: ' sun', choice: 'tie', rater: 'person', better: ' It is the east' });
    await addRating({ prompt: 'Juliet:', a: ' the', b: ' sun', choice: 'tie', rater: 'person' });
    await waitFor(() => expect(addMine()).toBeEnabled());
    expect(addMine().parentElement!.textContent).toMatch(/\(2: for each rated prompt/);
    await user.click(addMine());
    const steps = screen.getByLabelText('Fine-tuning steps', { exact: true });
    await user.clear(steps);
    await user.type(steps, '4');
    await user.selectOptions(screen.getByLabelText('Learning-rate schedule'), 'constant');
    await user.click(screen.getByRole('button', { name: 'Start fine-tuning' }));
    await waitFor(() => expect(screen.getByTestId('sft-status').textContent).toBe('Finished.'), { timeout: 90000 });
    // The reload: a finished run comes back finished (not paused), with its model to save.
    cleanup!();
    unmountAll();
    serve({ 'sft-task.json': JSON.stringify(task), 'tinyshakespeare.txt': tinyCorpus.repeat(30) });
    ({ cleanup } = await bootApp('#/training/finetune'));
    expect(await screen.findByTestId('sft-restored', {}, { timeout: 10000 })).toHaveTextContent('kept at step 4, with its model');
    expect(screen.getByTestId('sft-status').textContent).toBe('Finished.');
    expect(screen.getByRole('button', { name: 'Resume fine-tuning' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Save to the lab as sft' }));
    await waitFor(() => expect(useStore.getState().runs.some((r) => r.kind === 'sft')).toBe(true), { timeout: 10000 });
    const record = useStore.getState().runs.find((r) => r.kind === 'sft')!;
    expect(record.config).toMatchObject({ steps: 4, examples: task.train.length + 2 });
    expect(record.history.evalIter.at(-1)).toBe(4);
  }, 120000);

  it('keeps a paused fine-tuning run across a reload and resumes it', async () => {
    serve({ 'sft-task.json': JSON.stringify(task), 'tinyshakespeare.txt': tinyCorpus.repeat(30) });
    ({ cleanup } = await bootApp('#/training/finetune'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10000 });
    await user.click(await screen.findByRole('button', { name: 'Start fine-tuning' }, { timeout: 10000 }));
    const status = () => screen.getByTestId('sft-status').textContent ?? '';
    await waitFor(() => expect(status()).toMatch(/step ([3-9]|\d\d+) of 150/), { timeout: 90000 });
    await user.click(screen.getByRole('button', { name: 'Pause fine-tuning' }));
    await waitFor(() => expect(status()).toMatch(/^Paused at step \d+/), { timeout: 60000 });
    const pausedAt = Number(/step (\d+)/.exec(status())![1]);
    cleanup!();
    unmountAll(); // the reload
    serve({ 'sft-task.json': JSON.stringify(task), 'tinyshakespeare.txt': tinyCorpus.repeat(30) });
    ({ cleanup } = await bootApp('#/training/finetune'));
    expect(await screen.findByTestId('sft-restored', {}, { timeout: 10000 })).toHaveTextContent(`kept at step ${pausedAt}`);
    expect(screen.getByRole('button', { name: 'Save to the lab as sft' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Resume fine-tuning' }));
    await waitFor(() => expect(Number(/step (\d+)/.exec(status())?.[1] ?? 0)).toBeGreaterThan(pausedAt), { timeout: 90000 });
    await user.click(screen.getByRole('button', { name: 'Pause fine-tuning' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save to the lab as sft' })).toBeEnabled(), { timeout: 60000 });
  }, 180000);

  it('turns ratings into examples: the written continuation first, else the chosen one; ties teach nothing', () => {
    const r = { id: 'x', prompt: 'P', a: ' A', b: ' B', rater: 'person' as const, createdAt: '' };
    expect(ratingsAsExamples([
      { ...r, choice: 'b' }, { ...r, choice: 'a', better: ' mine' }, { ...r, choice: 'tie' }, { ...r, choice: 'tie', better: '  ' },
    ])).toEqual([{ prompt: 'P', response: ' B' }, { prompt: 'P', response: ' mine' }]);
  });

  it('shows the mask, scores held-out prompts before the first step, pauses and saves as sft', async () => {
    serve({ 'sft-task.json': JSON.stringify(task), 'tinyshakespeare.txt': tinyCorpus.repeat(30) });
    ({ cleanup } = await bootApp('#/training/finetune'));
    const user = userEvent.setup();
    const mask = await screen.findByTestId('sft-mask', {}, { timeout: 10000 });
    expect(mask.querySelectorAll('mark')).toHaveLength(' Juliet'.length); // the answer's characters are graded
    expect(mask.querySelectorAll('span')).toHaveLength('ROMEO: But soft'.length);
    await user.click(screen.getByRole('button', { name: 'Yes, but a little worse' }));
    await user.click(screen.getByRole('button', { name: 'Start fine-tuning' }));
    const table = await screen.findByTestId('before-after', {}, { timeout: 60000 }).catch((e) => {
      throw new Error(`${(e as Error).message.slice(0, 80)}; alerts: ${screen.queryAllByRole('alert').map((a) => a.textContent).join(' | ')}`);
    });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Pause fine-tuning' }));
    await waitFor(() => expect(screen.getByTestId('sft-status').textContent).toMatch(/^Paused at step \d+/), { timeout: 60000 });
    await user.click(screen.getByRole('button', { name: 'Save to the lab as sft' }));
    await waitFor(() => expect(useStore.getState().checkpoints.some((c) => c.kind === 'sft')).toBe(true), { timeout: 10000 });
    const sft = useStore.getState().checkpoints.find((c) => c.kind === 'sft')!;
    expect(sft.parent).toBe('base');
  }, 90000);
});

describe('Training: the pieces', () => {
  it('checks texts: empty, binary, too short, too long', () => {
    expect(corpusProblem('   ', 64)).toMatch(/empty/);
    expect(corpusProblem('a\u0000b\u0001'.repeat(2000), 64)).toMatch(/does not look like text/);
    expect(corpusProblem('hello '.repeat(10), 64)).toMatch(/too short/);
    expect(corpusProblem('x'.repeat(5_000_001), 64)).toMatch(/at most/);
    expect(corpusProblem('Привет, мир! 👋 '.repeat(300), 64)).toBeNull();
  });

  it('reads UTF-8 files and refuses other encodings and binaries', async () => {
    const file = (bytes: number[], name = 'a.txt') => new File([new Uint8Array(bytes)], name);
    expect(await readTextFile(file([0x68, 0xc3, 0xa9]))).toEqual({ text: 'hé' });
    expect(await readTextFile(file([0x68, 0xe9, 0x21]))).toMatchObject({ problem: expect.stringMatching(/not valid UTF-8/) });
    expect(await readTextFile(file([0x89, 0x50, 0x00, 0x47]))).toMatchObject({ problem: expect.stringMatching(/zero bytes/) });
  });

  it('reads the tokenizer knob', () => {
    expect(tokenizerChoice('shipped', []).source('x')).toEqual({ tokenizerOf: 'base' });
    const char = tokenizerChoice('char', []).source('abca') as { tokenizer: { symbols: string[] } };
    expect(char.tokenizer.symbols).toEqual(['a', 'b', 'c']);
    const record = { id: 'k1', name: 'mine', json: { kind: 'bpe' }, createdAt: '2026-01-01T00:00:00Z', source: 's' };
    expect(tokenizerChoice('lab:k1', [record]).source('')).toEqual({ tokenizer: { kind: 'bpe' } });
    expect(tokenizerChoice('banana', []).problem).toMatch(/not a tokenizer/);
  });

  it('checks settings', () => {
    const d = { shape: { ...presets.default.shape }, train: { ...presets.default.train } };
    expect(draftProblems(d)).toEqual([]);
    expect(draftProblems({ ...d, shape: { ...d.shape, nHead: 5 } })).toEqual([expect.stringMatching(/divide evenly/)]);
    expect(draftProblems({ ...d, train: { ...d.train, maxLr: NaN } })).toEqual([expect.stringMatching(/needs a number/)]);
    expect(draftProblems({ ...d, train: { ...d.train, steps: 2.5 } })).toEqual([expect.stringMatching(/whole number/)]);
  });

  it('lays a text’s losses out as windows of the batch, padding masked', () => {
    const losses = Float32Array.from({ length: WINDOW + 3 }, (_, i) => i);
    const layout = batchLayout({ tokens: [], losses, probabilities: losses });
    expect(layout.rows).toBe(2);
    expect(layout.values[WINDOW + 2]).toBe(WINDOW + 2);
    expect(Array.from(layout.mask).filter(Boolean)).toHaveLength(WINDOW - 3);
  });

  it('diffs two samples word by word and measures how word-like a sample is', () => {
    const parts = wordDiff('the cat sat', 'the dog sat');
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['cat ']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(['dog ']);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe('the dog sat');
    expect(wordDiff('', 'new words').map((p) => p.kind)).toEqual(['added']);
    expect(wordLikeShare('What, my lord? I will go.')).toBe(1);
    expect(wordLikeShare('xq zzkt bvv')).toBe(0);
  });

  it('marks the best validation', () => {
    expect(bestValidation([{ iter: 0, train: 4, val: 4 }, { iter: 20, train: 2, val: 2.5 }, { iter: 40, train: 1, val: 2.9 }])?.iter).toBe(20);
    expect(bestValidation([])).toBeNull();
  });

  it('checks the task file, and the shipped one is usable', () => {
    expect(checkTask({ train: [], test: [] })).toMatch(/no usable training examples/);
    const shipped = checkTask(JSON.parse(readFileSync(resolve('public/data/sft-task.json'), 'utf8')));
    expect(typeof shipped).toBe('object');
    const t = shipped as Exclude<typeof shipped, string>;
    expect(t.test.length).toBe(60);
    expect(t.train.every((e) => /\nNext:$/.test(e.prompt) && /^ [A-Za-z][A-Za-z .']*\n$/.test(e.response))).toBe(true);
    expect(new Set(t.test.map((e) => e.prompt)).size).toBe(60);
    expect(t.test.some((e) => t.train.some((x) => x.prompt === e.prompt))).toBe(false); // held out means held out
    // The recipe's promise: the answer is the one who spoke before last (the second line's speaker).
    expect([...t.train, ...t.test].every((e) => e.response.trim() === e.prompt.split('\n')[1].split(':')[0])).toBe(true);
  });

  it('picks a sample prompt from the plain text itself', () => {
    expect(plainPrompt('end of a line\nKING RICHARD III:\nNow is')).toBe('KING RICHARD III:\n');
    expect(plainPrompt('  no speakers here')).toBe('no speakers ');
  });
});
