// RLHF for the reader's model, in two stages: a reward model (a copy of the model with a score head) learns the
// reader's ratings, then PPO with a KL leash trains another copy towards what that reward model scores highly. Both
// stages report every step and yield between steps, so the page stays live and a cancel gets through; the
// source checkpoint is never changed. Texts that do not fit the model's context keep their ends.
import {
  PPO, RewardModel, RewardModelTrainer, Rng, copyModel, saveModel, scoreEpisodes, type GPT, type PreferencePair,
  type Tokenizer,
} from '../../engine';
import { encodeOrExplain, InputError, nextMacrotask, summarize, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey, type CheckpointSummary } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

/** A reader's rating: for this prompt they preferred `chosen` to `rejected`. */
export interface RatedPair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/** First the reward model learns the ratings, then PPO moves a copy of the model towards what it rewards. */
export type RlhfProgress =
  | { stage: 'reward'; step: number; steps: number; loss: number; accuracy: number }
  | {
    stage: 'ppo'; iter: number; iterations: number; reward: number; kl: number; clipFraction: number;
    /** One of this iteration's episodes, decoded. */
    sample: { prompt: string; response: string; score: number };
  };

export interface RlhfResult {
  bytes: ArrayBuffer;
  summary: Omit<CheckpointSummary, 'key'>;
  rewardAccuracy: number;
  reward: number;
  kl: number;
}

const text = () => s.string({ maxLength: 100_000 });
const rlhfParams = s.object({
  key: checkpointKey(),
  ratings: s.array(s.object({ prompt: text(), chosen: text(), rejected: text() }), { maxLength: 100_000 }),
  prompts: s.array(text(), { maxLength: 10_000 }),
  label: s.string({ maxLength: 200 }),
  rewardSteps: s.optional(s.int({ min: 1, max: 100_000 }), 60),
  iterations: s.optional(s.int({ min: 1, max: 100_000 }), 20),
  klCoef: s.optional(s.number({ min: 0, max: 100 }), 0.05),
  maxNewTokens: s.optional(s.int({ min: 1, max: 65_536 })),
  lr: s.optional(s.number({ min: 0, max: 1 }), 1e-4),
  seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1337),
});

/**
 * RLHF on a copy of checkpoint `key`: a reward model (a copy of the model with a score head) learns the reader's
 * ratings, then PPO with a KL penalty of weight `klCoef` (0: no leash) trains the copy to write what it rewards
 * after each of `prompts`. The result is the new checkpoint's bytes (kind 'rlhf').
 */
export const rlhf = method({
  lane: 'beside',
  retry: false,
  params: rlhfParams,
  async run(p, { state, progress, signal }: HandlerContext<RlhfProgress>) {
    const source = state.borrow(p.key); // it is copied twice, steps apart: it must outlive an unload meanwhile
    try {
      return await runRlhf(state, p, progress, signal);
    } finally {
      source.release();
    }
  },
});

const REWARD_BATCH = 16;

export async function runRlhf(
  state: EngineState,
  p: Infer<typeof rlhfParams>,
  report: (progress: RlhfProgress) => void,
  signal: AbortSignal,
): Promise<RlhfResult> {
  const { model: base, tokenizer } = state.get(p.key).loaded;
  const T = base.config.blockSize;
  const { rewardSteps, iterations, klCoef, maxNewTokens = Math.min(24, Math.floor(T / 2)), lr, seed } = p;
  if (!(maxNewTokens >= 1 && maxNewTokens < T)) throw new InputError(`Responses must be 1 to ${T - 1} tokens long.`);
  const pairs = encodeRatings(tokenizer, p.ratings, T);
  const encode = (text: string) => encodeOrExplain(tokenizer, text, { allowEmpty: true });
  const prompts = p.prompts.map((text) => encode(text).slice(-(T - maxNewTokens))).filter((ids) => ids.length > 0);
  if (prompts.length === 0) throw new InputError('RLHF needs at least one prompt for the model to answer.');
  const stopIfCancelled = () => {
    if (signal.aborted) throw new DOMException('RLHF was cancelled.', 'AbortError');
  };

  const rewardModel = new RewardModel(await copyModel(base), seed);
  const rewardTrainer = new RewardModelTrainer(rewardModel, { lr: 1e-3 });
  let policy: GPT | null = null;
  let ppo: PPO | null = null;
  try {
    const rng = new Rng(seed);
    let accuracy = 0;
    for (let step = 1; step <= rewardSteps; step++) {
      const batch = pairs.length <= REWARD_BATCH ? pairs : Array.from({ length: REWARD_BATCH }, () => pairs[rng.int(pairs.length)]);
      const r = await rewardTrainer.step(batch);
      accuracy = r.accuracy;
      report({ stage: 'reward', step, steps: rewardSteps, loss: r.loss, accuracy: r.accuracy });
      await nextMacrotask();
      stopIfCancelled();
    }

    policy = await copyModel(base);
    ppo = await PPO.create(policy, (episodes) => scoreEpisodes(rewardModel, episodes), {
      klCoef, maxNewTokens, lr, seed, minibatchSize: Math.min(8, prompts.length),
    });
    let last = { reward: 0, kl: 0 };
    for (let iter = 1; iter <= iterations; iter++) {
      const stats = await ppo.step(prompts);
      last = { reward: stats.reward, kl: stats.kl };
      const [episode] = stats.episodes;
      report({
        stage: 'ppo', iter, iterations, reward: stats.reward, kl: stats.kl, clipFraction: stats.clipFraction,
        sample: { prompt: tokenizer.decode(episode.prompt), response: tokenizer.decode(episode.response), score: stats.scores[0] },
      });
      await nextMacrotask();
      stopIfCancelled();
    }

    const meta = {
      kind: 'rlhf', label: p.label, createdAt: new Date().toISOString(), iter: iterations,
      notes: { klCoef, rewardSteps, ratings: pairs.length, prompts: prompts.length, rewardAccuracy: accuracy, ...last },
    };
    const bytes = await saveModel(policy, tokenizer, meta);
    return {
      bytes: bytes.slice().buffer as ArrayBuffer, summary: summarize({ model: policy, tokenizer, meta }, bytes.byteLength),
      rewardAccuracy: accuracy, ...last,
    };
  } finally {
    ppo?.dispose();
    policy?.dispose();
    rewardTrainer.dispose();
    rewardModel.dispose();
  }
}

/** Ratings as token ids, each prompt + response cut to the context (the prompt keeps its end, a response its start). */
function encodeRatings(tokenizer: Tokenizer, ratings: readonly RatedPair[], T: number): PreferencePair[] {
  const encode = (text: string) => encodeOrExplain(tokenizer, text, { allowEmpty: true });
  const pairs = ratings.map((r) => {
    const chosen = encode(r.chosen).slice(0, T - 1), rejected = encode(r.rejected).slice(0, T - 1);
    const prompt = encode(r.prompt).slice(-(T - Math.max(chosen.length, rejected.length)));
    return { prompt, chosen, rejected };
  }).filter((r) => r.prompt.length > 0 && r.chosen.length > 0 && r.rejected.length > 0 && r.chosen.join() !== r.rejected.join());
  if (pairs.length < 2) throw new InputError('Rate at least two pairs of different answers before training a reward model.');
  return pairs;
}
