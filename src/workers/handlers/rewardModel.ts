// The reward model as its own stage: a copy of the reader's model with a score head learns their ratings with the
// Bradley–Terry loss, a quarter of the pairs held out to say whether it learned the preference or memorised the
// pairs. The answer is the reward model as a file (the page keeps it for scoring and PPO). A cancel, or a loss that
// stops being a number, ends the run early with the last good reward model and the reason.
import { RewardModel, RewardModelTrainer, Rng, copyModel, scoreEpisodes, type PreferencePair } from '../../engine';
import { InputError, nextMacrotask } from '../engineState';
import { countContradictions, encodePairs, isNotFinite, ratedPairs, saveRewardModel, type StopReason } from '../rlhfStages';
import { s } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

export interface RewardModelProgress {
  step: number;
  steps: number;
  loss: number;
  /** Share of this step's training pairs ranked the rater's way. */
  accuracy: number;
  /** Share of held-out pairs ranked the rater's way (measured every few steps; null with none held out). */
  heldOutAccuracy: number | null;
}

export interface RewardModelResult {
  /** The reward model's file, for scoreTexts and ppo. */
  bytes: ArrayBuffer;
  trainPairs: number;
  heldOutPairs: number;
  contradictions: number;
  heldOutAccuracy: number | null;
  stopped: StopReason;
  /** In words, when the run stopped early or the numbers need a warning. */
  message: string | null;
}

const BATCH = 16;

export const rewardModel = method({
  lane: 'beside',
  retry: false,
  params: s.object({
    key: checkpointKey(),
    ratings: ratedPairs(),
    steps: s.optional(s.int({ min: 1, max: 10_000 }), 60),
    lr: s.optional(s.number({ min: 0, max: 1 }), 1e-3),
    /** Every how-many-th pair is held out (4: a quarter). */
    holdOutEvery: s.optional(s.int({ min: 2, max: 100 }), 4),
    seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1337),
  }),
  async run(p, { state, progress, signal }: HandlerContext<RewardModelProgress>): Promise<RewardModelResult> {
    const borrowed = state.borrow(p.key);
    const { tokenizer } = borrowed.slot.loaded;
    let rm: RewardModel, train: PreferencePair[], heldOut: PreferencePair[], contradictions: number;
    try {
      const { model: base } = borrowed.slot.loaded;
      const pairs = encodePairs(tokenizer, p.ratings, base.config.blockSize);
      heldOut = pairs.length >= 4 ? pairs.filter((_, i) => i % p.holdOutEvery === p.holdOutEvery - 1) : [];
      train = pairs.filter((x) => !heldOut.includes(x));
      if (train.length < 2) {
        throw new InputError(`A reward model needs at least two rated pairs with a winner (ties and skips teach it nothing); you have ${pairs.length}.`);
      }
      contradictions = countContradictions(pairs);
      rm = new RewardModel(await copyModel(base), p.seed);
    } finally {
      borrowed.release();
    }
    const trainer = new RewardModelTrainer(rm, { lr: p.lr });
    try {
      const rng = new Rng(p.seed);
      let stopped: StopReason = 'done', message: string | null = null, heldOutAccuracy: number | null = null;
      for (let step = 1; step <= p.steps; step++) {
        const batch = train.length <= BATCH ? train : Array.from({ length: BATCH }, () => train[rng.int(train.length)]);
        let r;
        try {
          r = await trainer.step(batch);
        } catch (error) {
          if (!isNotFinite(error)) throw error;
          stopped = 'not-finite';
          message = `The loss stopped being a number at step ${step}; the reward model is kept as it was at step ${step - 1}. Try a lower learning rate.`;
          break;
        }
        if (heldOut.length && (step % 5 === 0 || step === p.steps)) heldOutAccuracy = await accuracyOn(rm, heldOut);
        progress({ step, steps: p.steps, loss: r.loss, accuracy: r.accuracy, heldOutAccuracy });
        await nextMacrotask();
        if (signal.aborted) {
          stopped = 'cancelled';
          message = `Stopped at step ${step} of ${p.steps}; the reward model is kept as it is now.`;
          break;
        }
      }
      if (heldOut.length) heldOutAccuracy = await accuracyOn(rm, heldOut);
      message ??= describeFit(train.length, heldOut.length, contradictions, heldOutAccuracy);
      const bytes = await saveRewardModel(rm, tokenizer, { trainPairs: train.length, heldOutPairs: heldOut.length, heldOutAccuracy });
      return { bytes, trainPairs: train.length, heldOutPairs: heldOut.length, contradictions, heldOutAccuracy, stopped, message };
    } finally {
      trainer.dispose();
      rm.dispose();
    }
  },
});

async function accuracyOn(rm: RewardModel, pairs: readonly PreferencePair[]): Promise<number> {
  const chosen = await scoreEpisodes(rm, pairs.map((x) => ({ prompt: x.prompt, response: x.chosen })));
  const rejected = await scoreEpisodes(rm, pairs.map((x) => ({ prompt: x.prompt, response: x.rejected })));
  return chosen.filter((c, i) => c > rejected[i]).length / pairs.length;
}

/** A warning the reader should see beside the accuracy: too few pairs to trust it, or ratings that disagree. */
function describeFit(train: number, heldOut: number, contradictions: number, accuracy: number | null): string | null {
  const notes: string[] = [];
  if (heldOut === 0) notes.push(`With only ${train} pairs none could be held out, so nothing says whether it learned the preference or memorised these pairs; rate a few more.`);
  else if (heldOut < 5) notes.push(`Only ${heldOut} pairs were held out: each is ${Math.round(100 / heldOut)} % of the accuracy, so read it as a rough sign.`);
  if (contradictions > 0) notes.push(`${contradictions} pair${contradictions > 1 ? 's were' : ' was'} rated both ways; no reward model can agree with both.`);
  if (accuracy !== null && heldOut >= 5 && accuracy <= 0.6) notes.push('Held-out accuracy near 50 % is coin-flipping: the ratings may be too few or too inconsistent to learn from.');
  return notes.length ? notes.join(' ') : null;
}
