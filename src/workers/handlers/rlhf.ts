// RLHF for the reader's model, in two stages: a reward model (a copy of the model with a score head) learns the
// reader's ratings, then PPO with a KL leash trains another copy towards what that reward model scores highly. Both
// stages report every step and yield between steps, so the page stays live and a cancel gets through; the
// source checkpoint is never changed. Texts that do not fit the model's context keep their ends.
import {
  PPO, RewardModel, RewardModelTrainer, Rng, copyModel, saveModel, scoreEpisodes, type GPT, type PreferencePair,
  type Tokenizer,
} from '../../engine';
import { encodeOrExplain, InputError, nextMacrotask, summarize, type EngineState } from '../engineState';
import type { ParamsOf, ProgressOf, ResultOf } from '../protocol';

const REWARD_BATCH = 16;

export async function rlhf(
  state: EngineState,
  p: ParamsOf<'rlhf'>,
  report: (progress: ProgressOf<'rlhf'>) => void,
  signal: AbortSignal,
): Promise<ResultOf<'rlhf'>> {
  const { model: base, tokenizer } = state.get(p.key).loaded;
  const T = base.config.blockSize;
  const { rewardSteps = 60, iterations = 20, klCoef = 0.05, maxNewTokens = Math.min(24, Math.floor(T / 2)), lr = 1e-4, seed = 1337 } = p;
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
function encodeRatings(tokenizer: Tokenizer, ratings: ParamsOf<'rlhf'>['ratings'], T: number): PreferencePair[] {
  const encode = (text: string) => encodeOrExplain(tokenizer, text, { allowEmpty: true });
  const pairs = ratings.map((r) => {
    const chosen = encode(r.chosen).slice(0, T - 1), rejected = encode(r.rejected).slice(0, T - 1);
    const prompt = encode(r.prompt).slice(-(T - Math.max(chosen.length, rejected.length)));
    return { prompt, chosen, rejected };
  }).filter((r) => r.prompt.length > 0 && r.chosen.length > 0 && r.rejected.length > 0 && r.chosen.join() !== r.rejected.join());
  if (pairs.length < 2) throw new InputError('Rate at least two pairs of different answers before training a reward model.');
  return pairs;
}
