// The evaluate method on a loaded checkpoint: the engine's numbers, the head table, progress, and bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate as evaluateEngine, headOff } from '../../engine';
import { EngineState, InputError } from '../engineState';
import { tinyCheckpoint, tinyCorpus } from '../testing/tinyCheckpoint';
import { evaluate, type EvaluateProgress } from './evaluate';
import type { HostServices } from './method';

let state: EngineState;
beforeAll(async () => {
  state = new EngineState();
  state.load('base', new Uint8Array(await tinyCheckpoint()));
});

async function call(raw: Record<string, unknown>, events: EvaluateProgress[] = []) {
  const p = evaluate.params.parse(raw, 'params');
  return evaluate.run(p, { state, signal: new AbortController().signal, progress: (e) => events.push(e), host: {} as HostServices });
}

describe('evaluate (worker method)', () => {
  it('gives the engine\'s per-position losses over a text longer than the context, with progress per window', async () => {
    const events: EvaluateProgress[] = [];
    const text = tinyCorpus.slice(0, 60); // 60 characters, context 16
    const r = await call({ key: 'base', text, stride: 4 }, events);
    const { model, tokenizer } = state.get('base').loaded;
    const e = await evaluateEngine(model, tokenizer.encode(text), { stride: 4 });
    expect(r.tokens).toHaveLength(60);
    expect(r.losses).toHaveLength(59);
    expect(r.meanLoss).toBeCloseTo(e.meanLoss, 6);
    r.probabilities.forEach((p, i) => expect(p).toBeCloseTo(Math.exp(-r.losses[i]), 6));
    expect(events.at(-1)).toEqual({ windowsDone: 12, windows: 12 }); // 1 window of 16, then 11 steps of 4 to 59
    expect(r.heads).toBeNull();
  });

  it('switches parts off and tabulates every head', async () => {
    const text = tinyCorpus.slice(0, 40);
    const plain = await call({ key: 'base', text });
    const noMlp = await call({ key: 'base', text, ablation: { mlp: [0, 0] } });
    expect(noMlp.meanLoss).not.toBeCloseTo(plain.meanLoss, 6);
    const table = await call({ key: 'base', text, headTable: true });
    expect(table.heads!.baseline).toBeCloseTo(plain.meanLoss, 9);
    const { model, tokenizer } = state.get('base').loaded;
    const off = await evaluateEngine(model, tokenizer.encode(text), { ablation: headOff(2, 2, 1, 0) });
    expect(table.heads!.increase[1][0]).toBeCloseTo(off.meanLoss - plain.meanLoss, 6);
  });

  it('explains what does not fit', async () => {
    await expect(call({ key: 'base', text: 'R' })).rejects.toThrow(/at least two tokens/);
    await expect(call({ key: 'base', text: tinyCorpus, stride: 17 })).rejects.toThrow(/at most the context length, 16/);
    const wrong = call({ key: 'base', text: tinyCorpus, ablation: { heads: [[1, 1, 1], [1, 1]] } });
    await expect(wrong).rejects.toThrow(InputError);
    await expect(call({ key: 'base', text: tinyCorpus, ablation: { heads: [[1, 1, 1], [1, 1]] } })).rejects.toThrow(/2 layers of 2 heads: the head switches of layer 0 must be 2 finite numbers/);
    expect(() => evaluate.params.parse({ key: 'base', text: 'ab', stride: 0 }, 'params')).toThrow(/stride/);
  });
});
