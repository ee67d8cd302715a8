// DPO as a stage beside PPO: the same rated pairs train a copy of the model directly (no reward model, no
// rollouts), a quarter held out to measure whether its implicit reward ranks unseen pairs the rater's way. The
// answer is the new model (kind 'rlhf') with samples for fixed prompts before and after; a cancel or a loss that
// is not a number ends early with the last good model.
import { DPOTrainer, Rng, copyModel, saveModel, type GPT } from '../../engine';
import { InputError, nextMacrotask, summarize } from '../engineState';
import { encodePairs, encodePrompts, isNotFinite, promptList, ratedPairs, sampleFixed, type FixedSample, type StopReason } from '../rlhfStages';
import { s } from '../schema';
import { checkpointKey, type CheckpointSummary } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

export interface DpoProgress {
  step: number;
  steps: number;
  loss: number;
  /** Share of this step's pairs whose implicit reward ranks chosen first. */
  accuracy: number;
  /** Mean implicit reward margin, nats. */
  margin: number;
  /** The same on held-out pairs (every few steps; null with none held out). */
  heldOutAccuracy: number | null;
}

export interface DpoResult {
  bytes: ArrayBuffer;
  summary: Omit<CheckpointSummary, 'key'>;
  before: FixedSample[];
  after: FixedSample[];
  heldOutAccuracy: number | null;
  steps: number;
  stopped: StopReason;
  message: string | null;
}

const BATCH = 8;

export const dpo = method({
  lane: 'beside',
  retry: false,
  params: s.object({
    key: checkpointKey(),
    ratings: ratedPairs(),
    fixedPrompts: s.optional(promptList(), []),
    label: s.string({ maxLength: 200 }),
    steps: s.optional(s.int({ min: 1, max: 10_000 }), 40),
    beta: s.optional(s.number({ min: 0.001, max: 10 }), 0.1),
    lr: s.optional(s.number({ min: 0, max: 1 }), 3e-4),
    maxNewTokens: s.optional(s.int({ min: 1, max: 256 }), 16),
    seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1337),
  }),
  async run(p, { state, progress, signal }: HandlerContext<DpoProgress>): Promise<DpoResult> {
    const source = state.borrow(p.key);
    let policy: GPT | null = null, trainer: DPOTrainer | null = null;
    try {
      const { model: base, tokenizer } = source.slot.loaded;
      const T = base.config.blockSize;
      const pairs = encodePairs(tokenizer, p.ratings, T);
      const heldOut = pairs.length >= 4 ? pairs.filter((_, i) => i % 4 === 3) : [];
      const train = pairs.filter((x) => !heldOut.includes(x));
      if (train.length < 2) throw new InputError(`DPO needs at least two rated pairs with a winner; you have ${pairs.length}.`);
      const fixed = p.fixedPrompts.length ? encodePrompts(tokenizer, p.fixedPrompts, T - p.maxNewTokens) : [];
      policy = await copyModel(base);
      const before = await sampleFixed(policy, tokenizer, fixed, p.maxNewTokens, p.seed);
      trainer = await DPOTrainer.create(policy, { beta: p.beta, lr: p.lr });
      const heldOutAccuracy = async () => heldOut.length ? (await trainer!.margins(heldOut)).filter((m) => m > 0).length / heldOut.length : null;
      const rng = new Rng(p.seed);
      let stopped: StopReason = 'done', message: string | null = null, done = 0, held: number | null = null;
      for (let step = 1; step <= p.steps; step++) {
        const batch = train.length <= BATCH ? train : Array.from({ length: BATCH }, () => train[rng.int(train.length)]);
        let r;
        try {
          r = await trainer.step(batch);
        } catch (error) {
          if (!isNotFinite(error)) throw error;
          stopped = 'not-finite';
          message = `The loss stopped being a number at step ${step}; the model is kept as it was after step ${done}. Try a lower learning rate.`;
          break;
        }
        done = step;
        if (step % 5 === 0 || step === p.steps) held = await heldOutAccuracy();
        progress({ step, steps: p.steps, loss: r.loss, accuracy: r.accuracy, margin: r.margin, heldOutAccuracy: held });
        await nextMacrotask();
        if (signal.aborted) {
          stopped = 'cancelled';
          message = `Stopped at step ${step} of ${p.steps}; the model is kept as it is now.`;
          break;
        }
      }
      held = await heldOutAccuracy();
      const after = await sampleFixed(policy, tokenizer, fixed, p.maxNewTokens, p.seed);
      const meta = {
        kind: 'rlhf', label: p.label, createdAt: new Date().toISOString(), iter: done,
        notes: { stage: 'dpo', beta: p.beta, pairs: train.length, heldOutPairs: heldOut.length, heldOutAccuracy: held },
      };
      const bytes = await saveModel(policy, tokenizer, meta);
      return {
        bytes: bytes.slice().buffer as ArrayBuffer, summary: summarize({ model: policy, tokenizer, meta }, bytes.byteLength),
        before, after, heldOutAccuracy: held, steps: done, stopped, message,
      };
    } finally {
      trainer?.dispose();
      policy?.dispose();
      source.release();
    }
  },
});
