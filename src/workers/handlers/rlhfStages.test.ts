// The RLHF stages as the chapter drives them, on the tiny char checkpoint: a reward model from scripted ratings
// (held-out accuracy, a file the other stages read), scores for typed text, PPO from the reward model or a rule
// (every figure per iteration, a loadable 'rlhf' checkpoint, samples before and after), DPO on the same ratings,
// and what goes wrong said in words: too few ratings, both rewards or none, a cancel that keeps the model.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyModel, parseTextRule, RewardModel, Rng, scoreText } from '../../engine';
import { saveRewardModel } from '../rlhfStages';
import { EngineState } from '../engineState';
import { tinyCheckpoint, tinyCorpus } from '../testing/tinyCheckpoint';
import { dpo } from './dpo';
import type { HostServices } from './method';
import { ppo, type PpoProgress } from './ppo';
import { rewardModel, type RewardModelProgress } from './rewardModel';
import { scoreTexts } from './scoreTexts';

let state: EngineState;
beforeAll(async () => {
  state = new EngineState();
  state.load('base', new Uint8Array(await tinyCheckpoint()));
});

type Spec = { params: { parse: (v: unknown, path: string) => unknown }; run: (p: never, c: never) => unknown };
function call<R, P = never>(m: Spec, raw: Record<string, unknown>, onProgress: (p: P) => void = () => {}, signal = new AbortController().signal): Promise<R> {
  return m.run(m.params.parse(raw, 'params') as never, { state, signal, progress: onProgress, host: {} as HostServices } as never) as Promise<R>;
}

// Pairs of corpus snippets rated by "more e's": a preference a reward model can learn from characters.
const rule = parseTextRule('theme:e');
function ratings(n: number, seed = 4) {
  const rng = new Rng(seed);
  const snippet = () => { const at = rng.int(tinyCorpus.length - 8); return tinyCorpus.slice(at, at + 6); };
  const out = [];
  while (out.length < n) {
    const a = snippet(), b = snippet(), sa = scoreText(rule, a), sb = scoreText(rule, b);
    if (sa !== sb) out.push({ prompt: 'RO', chosen: sa > sb ? a : b, rejected: sa > sb ? b : a });
  }
  return out;
}

describe('RLHF stages (worker methods)', () => {
  it('trains a reward model that ranks held-out pairs the rater\'s way and scores typed text', async () => {
    const seen: RewardModelProgress[] = [];
    const r = await call<{ bytes: ArrayBuffer; heldOutPairs: number; heldOutAccuracy: number; stopped: string }, RewardModelProgress>(
      rewardModel, { key: 'base', ratings: ratings(48), steps: 60, lr: 3e-3 }, (p) => seen.push(p));
    expect(r.stopped).toBe('done');
    expect(r.heldOutPairs).toBe(12);
    expect(seen).toHaveLength(60);
    expect(r.heldOutAccuracy).toBeGreaterThan(0.7);
    const { scores } = await call<{ scores: number[] }>(scoreTexts, { reward: r.bytes, prompt: 'RO', texts: ['eeeeee', 'ROMsft'] });
    expect(scores[0]).toBeGreaterThan(scores[1]);

    // PPO from that reward model: one progress per iteration with every figure, and a loadable 'rlhf' checkpoint.
    const iters: PpoProgress[] = [];
    const out = await call<{ bytes: ArrayBuffer; before: { tokens: string[] }[]; after: { tokens: string[] }[]; stopped: string }, PpoProgress>(ppo, {
      key: 'base', reward: r.bytes, prompts: ['RO', 'Ju', 'It', 'bu'], fixedPrompts: ['RO'], valText: tinyCorpus.slice(0, 60),
      label: 'test', iterations: 3, maxNewTokens: 6, minibatchSize: 4,
    }, (p) => iters.push(p));
    expect(iters.map((p) => p.iter)).toEqual([1, 2, 3]);
    expect(iters[0].kl).toBe(0);
    for (const p of iters) for (const v of [p.reward, p.kl, p.clipFraction, p.entropy, p.policyLoss, p.valueLoss, p.distinct2, p.valLoss!]) expect(Number.isFinite(v)).toBe(true);
    expect(out.before[0].tokens).toHaveLength(6);
    expect(out.after[0].tokens).toHaveLength(6);
    expect(state.load('after', new Uint8Array(out.bytes)).meta).toMatchObject({ kind: 'rlhf', label: 'test', iter: 3 });
  });

  it('says plainly when there are too few ratings, or not exactly one reward', async () => {
    await expect(call(rewardModel, { key: 'base', ratings: ratings(1) })).rejects.toThrow(/at least two rated pairs/);
    await expect(call(dpo, { key: 'base', ratings: [], label: 'x' })).rejects.toThrow(/at least two rated pairs/);
    await expect(call(ppo, { key: 'base', prompts: ['RO'], label: 'x' })).rejects.toThrow(/one reward/);
    await expect(call(ppo, { key: 'base', prompts: ['RO'], label: 'x', rule: 'longer', maxNewTokens: 4 })).rejects.toThrow(/not a rule/);
    await expect(call(ppo, { key: 'base', prompts: [''], label: 'x', rule: 'theme:e', maxNewTokens: 4 })).rejects.toThrow(/at least one prompt/);
    // The reader's own rule: a mistake is refused before any work, with where it is.
    await expect(call(ppo, { key: 'base', prompts: ['RO'], label: 'x', rule: 'expr:2 * contans("e")', maxNewTokens: 4 })).rejects.toThrow(/At character 5: “contans” is not a measure/);
    // Two pairs are enough to train on, but none can be held out: the answer says so instead of a 100 %.
    const few = await call<{ heldOutAccuracy: number | null; message: string }>(rewardModel, { key: 'base', ratings: ratings(2), steps: 2 });
    expect(few.heldOutAccuracy).toBeNull();
    expect(few.message).toMatch(/none could be held out/);
    const both = ratings(8);
    const contradictory = await call<{ contradictions: number; message: string }>(rewardModel, {
      key: 'base', steps: 2, ratings: [...both, ...both.map((x) => ({ ...x, chosen: x.rejected, rejected: x.chosen }))],
    });
    expect(contradictory.contradictions).toBe(8);
    expect(contradictory.message).toMatch(/rated both ways/);
  });

  it('runs PPO against a rule the reader wrote, as long as the rule language allows', async () => {
    const own = 'expr:2*contains("e") + words("is", "the", "sun") - length/100 + rhymes + (lines >= 2) - meanLineLength/50 + count("o")/3 + 3*(wordCount > 2)';
    expect(own.length).toBeGreaterThan(100);
    const iters: { reward: number }[] = [];
    await call(ppo, { key: 'base', prompts: ['RO', 'Ju'], label: 'own rule', rule: own, iterations: 2, maxNewTokens: 4, minibatchSize: 2 }, (p) => iters.push(p as { reward: number }));
    expect(iters).toHaveLength(2);
    expect(iters.every((p) => Number.isFinite(p.reward))).toBe(true);
  });

  it('a reward that stops being a number ends the run with a message and the last good model', async () => {
    // A reward model with weights of 1e30 in its last layer norm and head scores every answer ±Infinity (or NaN): PPO must
    // stop, not train on it.
    const { tokenizer, model } = state.get('base').loaded;
    const broken = new RewardModel(await copyModel(model));
    broken.body.namedParameters().get('ln_f.weight')!.assign(new Float32Array(model.config.nEmbd).fill(1e30));
    broken.head.weight.assign(new Float32Array(model.config.nEmbd).fill(1e30));
    const reward = await saveRewardModel(broken, tokenizer, {});
    broken.dispose();
    const out = await call<{ iterations: number; stopped: string; message: string; bytes: ArrayBuffer }>(ppo, {
      key: 'base', reward, prompts: ['RO', 'Ju'], label: 'nan', iterations: 5, maxNewTokens: 4,
    });
    expect(out.stopped).toBe('not-finite');
    expect(out.message).toMatch(/stopped being a number in iteration 1; the model is kept as it was after iteration 0/);
    expect(state.load('nan', new Uint8Array(out.bytes)).meta.iter).toBe(0);
  });

  it('a cancel keeps the model as it was after the last finished iteration or step', async () => {
    const controller = new AbortController();
    const out = await call<{ iterations: number; stopped: string; bytes: ArrayBuffer }, PpoProgress>(ppo, {
      key: 'base', rule: 'theme:e', prompts: ['RO', 'Ju'], label: 'cut', iterations: 10, maxNewTokens: 4,
    }, (p) => { if (p.iter === 2) controller.abort(); }, controller.signal);
    expect(out).toMatchObject({ stopped: 'cancelled', iterations: 2 });
    expect(state.load('cut', new Uint8Array(out.bytes)).meta.iter).toBe(2);
    const rmController = new AbortController();
    const rm = await call<{ stopped: string; message: string; bytes: ArrayBuffer }, RewardModelProgress>(rewardModel, {
      key: 'base', ratings: ratings(12), steps: 50,
    }, (p) => { if (p.step === 4) rmController.abort(); }, rmController.signal);
    expect(rm).toMatchObject({ stopped: 'cancelled', message: 'Stopped at step 4 of 50; the reward model is kept as it is now.' });
    expect((await call<{ scores: number[] }>(scoreTexts, { reward: rm.bytes, prompt: 'RO', texts: ['eee'] })).scores).toHaveLength(1);
    const dpoController = new AbortController();
    const d = await call<{ steps: number; stopped: string; heldOutAccuracy: number }, { step: number }>(dpo, {
      key: 'base', ratings: ratings(12), label: 'dpo', steps: 20, fixedPrompts: ['RO'], maxNewTokens: 4,
    }, (p) => { if (p.step === 3) dpoController.abort(); }, dpoController.signal);
    expect(d).toMatchObject({ stopped: 'cancelled', steps: 3 });
    expect(d.heldOutAccuracy).toBeGreaterThanOrEqual(0);
  });
});
