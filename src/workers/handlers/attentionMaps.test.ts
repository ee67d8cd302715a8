// The Attention chapter's worker methods on a loaded checkpoint: every head's traced weights, the step-through's
// extra activations, head roles on hand-made weights, ablation touching only the switched-off head, the importance
// table against one evaluate per head, the validation passage and the ablated sampler.
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate as evaluateEngine, headOff } from '../../engine';
import { queryArithmetic } from '../../chapters/attention/headArithmetic';
import { EngineState, InputError } from '../engineState';
import { tinyCheckpoint, tinyCorpus } from '../testing/tinyCheckpoint';
import { ablatedSample, type AblatedSampleProgress } from './ablatedSample';
import { attentionHead } from './attentionHead';
import { addRoleSums, attentionMaps, headRoles, lineBreaks, roleTargets, rolesFromSums } from './attentionMaps';
import { evaluate } from './evaluate';
import type { HostServices } from './method';
import { passageOf, validationPassage } from './validationPassage';

let state: EngineState;
beforeAll(async () => {
  state = new EngineState();
  state.load('base', new Uint8Array(await tinyCheckpoint()));
});

type Spec = { params: { parse: (raw: unknown, path: string) => unknown }; run: (p: never, c: never) => Promise<unknown> };
async function call<R>(spec: Spec, raw: Record<string, unknown>, progress: (e: never) => void = () => {}): Promise<R> {
  const p = spec.params.parse(raw, 'params');
  const context = { state, signal: new AbortController().signal, progress, host: {} as HostServices };
  return (await spec.run(p as never, context as never)) as R;
}
const maps = (raw: Record<string, unknown>) => call<Awaited<ReturnType<typeof attentionMaps.run>>>(attentionMaps as unknown as Spec, raw);
const head = (raw: Record<string, unknown>) => call<Awaited<ReturnType<typeof attentionHead.run>>>(attentionHead as unknown as Spec, raw);

describe('attentionMaps', () => {
  it('traces every layer and head: each row sums to 1 and every masked entry is exactly 0', async () => {
    const r = await maps({ key: 'base', text: 'ROMEO: But soft' });
    const T = r.tokens.length;
    expect([r.nLayer, r.nHead, T, r.cut]).toEqual([2, 2, 15, 0]);
    expect(r.weights).toHaveLength(2 * 2 * T * T);
    for (let m = 0; m < 4; m++)
      for (let i = 0; i < T; i++) {
        let sum = 0;
        for (let j = 0; j < T; j++) {
          const w = r.weights[(m * T + i) * T + j];
          if (j > i) expect(w).toBe(0);
          sum += w;
        }
        expect(sum).toBeCloseTo(1, 5);
      }
    expect(r.roles).toHaveLength(4);
  });

  it('agrees with attentionHead, and cuts a text longer than the context from the front', async () => {
    const text = tinyCorpus.slice(0, 40); // 40 characters, context 16
    const r = await maps({ key: 'base', text });
    expect(r.cut).toBe(24);
    expect(r.tokens.map((t) => t.label).join('').replace(/␣/g, ' ')).toBe(text.slice(24));
    const one = await head({ key: 'base', text, layer: 1, head: 0 });
    expect(one.cut).toBe(24);
    const T = 16;
    const slice = r.weights.subarray(2 * T * T, 3 * T * T); // layer 1, head 0
    one.weights.forEach((w, i) => expect(slice[i]).toBeCloseTo(w, 6));
  });

  it('measures the roles over every context-long window of a longer text', async () => {
    const text = tinyCorpus.slice(0, 40); // windows of 16, 16 and 8 characters
    const whole = await maps({ key: 'base', text });
    expect(whole.roleTokens).toBe(40);
    const { tokenizer } = state.get('base').loaded;
    const sums: Parameters<typeof addRoleSums>[0] = [];
    for (const part of [text.slice(0, 16), text.slice(16, 32), text.slice(32)]) {
      const r = await maps({ key: 'base', text: part });
      const ids = tokenizer.encode(part);
      addRoleSums(sums, r.weights, 2, 2, ids, lineBreaks(tokenizer, ids));
    }
    const expected = rolesFromSums(sums, 2);
    whole.roles.forEach((role, m) => {
      expect([role.layer, role.head]).toEqual([expected[m].layer, expected[m].head]);
      for (const name of ['previous', 'same', 'first', 'induction'] as const) expect(role.share[name]).toBeCloseTo(expected[m].share[name]!, 6);
    });
  });

  it('explains an empty text and a character the model does not know', async () => {
    await expect(maps({ key: 'base', text: '' })).rejects.toThrow(InputError);
    await expect(maps({ key: 'base', text: 'ROMEO§' })).rejects.toThrow(InputError);
  });
});

describe('attentionHead for the step-through', () => {
  it('recomputed scores, weights and output equal the traced ones', async () => {
    const r = await head({ key: 'base', text: 'ROMEO: But soft', layer: 1, head: 1 });
    const T = r.tokens.length;
    for (const i of [0, 4, T - 1]) {
      const m = queryArithmetic(r, T, i);
      m.rows.forEach((row) => {
        if (row.masked) expect(r.scores[i * T + row.j]).toBe(-Infinity);
        else expect(row.score).toBeCloseTo(r.scores[i * T + row.j], 5);
        expect(row.weight).toBeCloseTo(r.weights[i * T + row.j], 6);
      });
      m.out.forEach((x, c) => expect(x).toBeCloseTo(r.out[i * r.hs + c], 5));
    }
    // x is ln_1's output (LayerNorm: mean 0 before its gain); concat holds this head's output in its columns.
    expect(r.x).toHaveLength(T * r.nEmbd);
    for (let i = 0; i < T; i++) for (let c = 0; c < r.hs; c++) expect(r.concat[i * r.nEmbd + r.hs + c]).toBeCloseTo(r.out[i * r.hs + c], 6);
    expect(r.projected.some((x) => x !== 0)).toBe(true);
  });

  it('switching one head off zeroes its output and changes no other head of that layer or any earlier layer', async () => {
    const text = 'ROMEO: But soft';
    const mask = [[1, 1], [1, 0]];
    const on = await Promise.all([0, 1].flatMap((layer) => [0, 1].map((h) => head({ key: 'base', text, layer, head: h }))));
    const off = await Promise.all([0, 1].flatMap((layer) => [0, 1].map((h) => head({ key: 'base', text, layer, head: h, headMask: mask }))));
    expect(off[3].out.every((x) => x === 0)).toBe(true); // layer 2, head 2: off
    expect(Array.from(off[2].out)).toEqual(Array.from(on[2].out)); // the other head of that layer
    expect(Array.from(off[0].out)).toEqual(Array.from(on[0].out)); // layer 1
    expect(Array.from(off[1].out)).toEqual(Array.from(on[1].out));
    expect(off[3].loss).not.toBe(on[3].loss);
  });
});

describe('head roles', () => {
  it('finds a previous-token head and an induction head in hand-made weights, with uniform baselines', () => {
    const ids = [5, 6, 7, 5, 6, 7]; // a repeated sequence: query 3 (5) should look at 1 (6, after the earlier 5)
    const T = ids.length;
    const previous = new Float32Array(T * T), induction = new Float32Array(T * T);
    for (let i = 0; i < T; i++) {
      previous[i * T + Math.max(0, i - 1)] = 1;
      const targets = roleTargets('induction', i, ids, []);
      if (targets.length) induction[i * T + targets[0]] = 1;
      else induction[i * T + i] = 1;
    }
    const weights = new Float32Array(2 * T * T);
    weights.set(previous, 0);
    weights.set(induction, T * T);
    const [p, ind] = headRoles(weights, 1, 2, ids, new Array(T).fill(false));
    expect(p.share.previous).toBe(1);
    expect(p.uniform.previous).toBeCloseTo((1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 6) / 5, 9);
    expect(p.label).toBe('previous');
    expect(roleTargets('induction', 3, ids, [])).toEqual([1]);
    expect(ind.share.induction).toBe(1);
    expect(ind.label).toBe('induction');
    expect(p.share.lineStart).toBeNull(); // no line breaks: no query has a line start apart from the first token
  });

  it('finds line starts after a line break', () => {
    const breaks = [false, true, false, false];
    expect(roleTargets('lineStart', 3, [1, 2, 3, 4], breaks)).toEqual([2]);
    expect(roleTargets('lineStart', 2, [1, 2, 3, 4], breaks)).toEqual([]); // the line starts at the query itself
  });
});

describe('evaluate: the importance table', () => {
  it('equals one evaluate call per head switched off', async () => {
    const text = tinyCorpus.slice(0, 30);
    const table = await call<Awaited<ReturnType<typeof evaluate.run>>>(evaluate as unknown as Spec, { key: 'base', text, headTable: true });
    const { model, tokenizer } = state.get('base').loaded;
    for (let l = 0; l < 2; l++)
      for (let h = 0; h < 2; h++) {
        const one = await evaluateEngine(model, tokenizer.encode(text), { ablation: headOff(2, 2, l, h) });
        expect(table.heads!.meanLoss[l][h]).toBeCloseTo(one.meanLoss, 6);
      }
  });
});

describe('validationPassage', () => {
  it('gives whole lines from the last 10 % of the corpus, one passage after another', async () => {
    const first = await call<ReturnType<typeof passageOf>>(validationPassage as unknown as Spec, { length: 200 });
    const second = await call<ReturnType<typeof passageOf>>(validationPassage as unknown as Spec, { length: 200, index: 1 });
    expect(first.from).toBeGreaterThan(1_115_394 * 0.9 - 1);
    expect(first.text.endsWith('\n')).toBe(true);
    expect(first.text.length).toBeGreaterThanOrEqual(200);
    expect(second.from).toBe(first.to);
    expect(() => passageOf('a\nb\n', 10, 5)).toThrow(/no passage 6/);
  });
});

describe('ablatedSample', () => {
  it('draws the same tokens for the same seed, reports each, and draws others with attention off', async () => {
    const events: AblatedSampleProgress[] = [];
    const run = (ablation?: object) =>
      call<{ ids: number[]; text: string }>(ablatedSample as unknown as Spec, { key: 'base', text: 'ROMEO:', maxNewTokens: 12, seed: 4, ablation }, (e: never) => events.push(e));
    const a = await run();
    expect(events).toHaveLength(12);
    expect(events.at(-1)).toEqual({ done: 12, total: 12, text: a.text });
    expect((await run()).ids).toEqual(a.ids);
    expect((await run({ attn: [0, 0] })).ids).not.toEqual(a.ids);
    await expect(run({ attn: [0] })).rejects.toThrow(/2 layers of 2 heads/);
  });
});
