// The worker's tokenizer training and unwinding, as the Tokenization chapter calls them: merges stream with their
// counts, the sample passage and the held-out count; a stop keeps what was learned; a tiny text says why it made
// fewer merges than asked; a trained token unwinds to its bytes.
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../engine';
import type { TrainTokenizerProgress } from './handlers/trainTokenizer';
import { hostHarness } from './testing/hostHarness';

type Merge = Extract<TrainTokenizerProgress, { stage: 'merge' }>;
type Ready = Extract<TrainTokenizerProgress, { stage: 'ready' }>;

describe('worker: trainTokenizer', () => {
  const harness = hostHarness();

  it('streams each merge on Shakespeare with its count, the re-cut sample and the held-out count', async () => {
    const run = harness.call('trainTokenizer', { source: 'corpus', merges: 30, sample: 'First Citizen: the' });
    const answer = await run.done;
    if (answer.kind !== 'result') throw new Error(JSON.stringify(answer));
    const result = answer.result as { json: unknown; merges: number; stop: string; heldOutTokens: number; heldOut: { bytes: number; gpt2Tokens: number; gpt4oTokens: number } };
    const events = run.progress() as TrainTokenizerProgress[];
    const ready = events.find((e) => e.stage === 'ready') as Ready;
    const merges = events.filter((e): e is Merge => e.stage === 'merge');
    expect(result).toMatchObject({ merges: 30, stop: 'reached' });
    expect(merges.map((m) => m.rank)).toEqual(Array.from({ length: 30 }, (_, k) => k));
    // Counts fall (or tie) merge by merge; the held-out count falls from one token per byte.
    merges.slice(1).forEach((m, k) => expect(m.count).toBeLessThanOrEqual(merges[k].count));
    expect(merges[0].heldOutTokens).toBeLessThan(result.heldOut.bytes);
    expect(merges.at(-1)?.heldOutTokens).toBe(result.heldOutTokens);
    // The tokenizer in the answer gives the streamed held-out count's tokens for the sample too.
    const tok = BpeTokenizer.fromJSON(result.json);
    const lastSample = merges.filter((m) => m.sampleIds.length > 0).at(-1) as Merge;
    expect(lastSample.sampleIds).toEqual(tok.encode('First Citizen: the'));
    expect(ready.sampleIds).toHaveLength(new TextEncoder().encode('First Citizen: the').length);
    expect(ready.byteLabels[32]).toBe('␣');
    // GPT-4o, with 200k tokens, takes fewer tokens than GPT-2 on Shakespeare, and both far fewer than 30 merges.
    expect(result.heldOut.gpt4oTokens).toBeLessThan(result.heldOut.gpt2Tokens);
    expect(result.heldOut.gpt2Tokens).toBeLessThan(result.heldOutTokens);
  });

  it('on a tiny text, stops when no pair repeats, and says so', async () => {
    const result = await harness.result('trainTokenizer', { source: 'text', text: 'abab cdcd', merges: 100 });
    expect(result.stop).toBe('noRepeats');
    expect(result.merges).toBeLessThan(100);
    expect(result.merges).toBeGreaterThan(0);
  });

  it('keeps the merges made before a stop', async () => {
    const run = harness.call('trainTokenizer', { source: 'corpus', merges: 5000 });
    while (!(run.progress() as TrainTokenizerProgress[]).some((e) => e.stage === 'merge')) await new Promise((r) => setTimeout(r, 1));
    harness.host.receive({ kind: 'cancel', id: run.id });
    const answer = await run.done;
    // A cancelled request may answer AbortError if it was still counting; once merging, the merges are kept.
    if (answer.kind !== 'result') throw new Error(JSON.stringify(answer));
    const result = answer.result as { merges: number; stop: string; json: unknown };
    expect(result.stop).toBe('cancelled');
    expect(result.merges).toBeLessThan(5000);
    expect(BpeTokenizer.fromJSON(result.json).merges).toHaveLength(result.merges);
  });

  it('cuts the default sample at whole code points, so an emoji at the edge is not split into a lone surrogate', async () => {
    const text = `${'ab '.repeat(53)}a👍👍 ab ab`; // 159 code points, then an emoji straddling UTF-16 unit 160
    const result = await harness.result('trainTokenizer', { source: 'text', text, merges: 3 });
    expect(result.merges).toBe(3);
  });

  it('refuses empty text and lone surrogates with a message', async () => {
    const error = async (text: string) => {
      const answer = await harness.call('trainTokenizer', { source: 'text', text, merges: 10 }).done;
      return answer.kind === 'error' ? `${answer.error.name}: ${answer.error.message}` : 'no error';
    };
    expect(await error('   ')).toMatch(/^InputError: There is no text/);
    expect(await error('ab\uD800ab')).toMatch(/^InputError: .*lone surrogate U\+D800/);
  });
});

describe('worker: unwindToken', () => {
  const harness = hostHarness();

  it('unwinds a trained token and a GPT-4o token to bytes, and refuses an id out of range', async () => {
    const trained = await harness.result('trainTokenizer', { source: 'text', text: 'the the the then then', merges: 5 });
    const tok = BpeTokenizer.fromJSON(trained.json);
    const id = 256 + tok.merges.length - 1; // the last merge's token
    const tree = await harness.result('unwindToken', { tokenizer: 'bpe', json: trained.json, id });
    expect(tree.label).toBe(tok.tokenToDisplay(id));
    expect(tree.rank).toBe(tok.merges.length - 1);
    expect(tree.children.map((c) => c.id)).toEqual(tok.merges.at(-1));
    expect(tree.children.flatMap((c) => c.bytes)).toEqual(tree.bytes);
    const gpt4o = await harness.result('unwindToken', { tokenizer: 'gpt4o', id: 13225 }); // "Hello"
    expect(gpt4o).toMatchObject({ label: 'Hello', rank: 13225 });
    expect(gpt4o.children).toHaveLength(2);
    const answer = await harness.call('unwindToken', { tokenizer: 'gpt2', id: 60000 }).done;
    expect(answer.kind === 'error' && answer.error.message).toMatch(/no token 60000/);
  });
});
