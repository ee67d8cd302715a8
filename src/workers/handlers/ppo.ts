// PPO as its own stage: the policy (a copy of checkpoint `key`) writes answers to the prompts, a reward (the
// reader's reward model, or a scripted rule stated as code) scores them, and the clipped objective with a KL leash
// of weight β to a frozen reference (`referenceKey`, or the starting model) moves the copy. Each iteration reports
// every figure the page plots: reward, KL, clip fraction, entropy, policy and value loss, the samples' distinct-2,
// and the loss on plain held-out text. The answer is the new model's bytes (kind 'rlhf') with samples for fixed
// prompts before and after; a cancel or a loss that is not a number ends early with the last good model.
import {
  PPO, copyModel, distinctN, parseTextRule, saveModel, scoreEpisodes, scoreText, type GPT, type PPOStats, type RewardFunction,
  type RewardModel,
} from '../../engine';
import { encodeOrExplain, InputError, nextMacrotask, summarize } from '../engineState';
import {
  encodePrompts, isNotFinite, loadRewardModel, plainTextLoss, promptList, sampleFixed, type FixedSample, type StopReason,
} from '../rlhfStages';
import { s } from '../schema';
import { checkpointKey, type CheckpointSummary } from './loadCheckpoint';
import { method, type HandlerContext } from './method';

export interface PpoProgress {
  iter: number;
  iterations: number;
  reward: number;
  kl: number;
  clipFraction: number;
  entropy: number;
  policyLoss: number;
  valueLoss: number;
  /** Distinct bigrams over this iteration's responses (0–1): falls when the policy repeats itself. */
  distinct2: number;
  /** Mean loss on the plain held-out text, or null without one. */
  valLoss: number | null;
  /** One of this iteration's responses, decoded, and its reward. */
  sample: { prompt: string; response: string; score: number };
}

export interface PpoResult {
  bytes: ArrayBuffer;
  summary: Omit<CheckpointSummary, 'key'>;
  before: FixedSample[];
  after: FixedSample[];
  iterations: number;
  stopped: StopReason;
  message: string | null;
}

const ppoParams = s.object({
  key: checkpointKey(),
  /** The leash's anchor; the starting model when absent (a later round passes the first round's start). */
  referenceKey: s.optional(checkpointKey()),
  /** Exactly one: a reward model's file (from rewardModel), or a scripted rule ("theme:love"). */
  reward: s.optional(s.bytes({ maxBytes: 256 * 2 ** 20 })),
  rule: s.optional(s.string({ maxLength: 200 })), // expr:<rule> up to the rule language's 180 characters
  prompts: promptList(),
  /** Prompts whose samples are shown before and after (same seeds). */
  fixedPrompts: s.optional(promptList(), []),
  /** Plain text whose loss is tracked, to show what chasing the reward costs the language. */
  valText: s.optional(s.string({ maxLength: 20_000 }), ''),
  label: s.string({ maxLength: 200 }),
  iterations: s.optional(s.int({ min: 1, max: 1_000 }), 12),
  klCoef: s.optional(s.number({ min: 0, max: 10 }), 0.1),
  clipRange: s.optional(s.number({ min: 0.01, max: 1 }), 0.2),
  epochs: s.optional(s.int({ min: 1, max: 20 }), 2),
  minibatchSize: s.optional(s.int({ min: 1, max: 64 }), 8),
  maxNewTokens: s.optional(s.int({ min: 1, max: 256 }), 16),
  lr: s.optional(s.number({ min: 0, max: 1 }), 3e-4),
  seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1337),
});

export const ppo = method({
  lane: 'beside',
  retry: false,
  params: ppoParams,
  async run(p, { state, progress, signal }: HandlerContext<PpoProgress>): Promise<PpoResult> {
    if ((p.reward === undefined) === (p.rule === undefined)) throw new InputError('PPO needs one reward: a trained reward model or a scripted rule.');
    if (p.rule !== undefined) parsedRule(p.rule); // a bad rule is refused before any work
    const source = state.borrow(p.key);
    const reference = p.referenceKey ? state.borrow(p.referenceKey) : null;
    let rewardModel: RewardModel | null = null, policy: GPT | null = null, trainer: PPO | null = null;
    try {
      const { model: base, tokenizer } = source.slot.loaded;
      const T = base.config.blockSize;
      if (p.maxNewTokens >= T) throw new InputError(`Answers must be shorter than the model's context of ${T} tokens.`);
      const prompts = encodePrompts(tokenizer, p.prompts, T - p.maxNewTokens);
      const fixed = p.fixedPrompts.length ? encodePrompts(tokenizer, p.fixedPrompts, T - p.maxNewTokens) : [];
      const valIds = p.valText ? encodeOrExplain(tokenizer, p.valText, { allowEmpty: true }) : null;
      let score: RewardFunction;
      if (p.rule !== undefined) {
        const rule = parsedRule(p.rule);
        score = (episodes) => episodes.map((e) => scoreText(rule, tokenizer.decode(e.response)));
      } else {
        const rm = rewardModel = loadRewardModel(p.reward!).model;
        if (rm.body.config.vocabSize !== base.config.vocabSize) {
          throw new InputError('That reward model was trained for another model\'s vocabulary: train it again on this one.');
        }
        score = (episodes) => scoreEpisodes(rm, episodes);
      }
      policy = await copyModel(base);
      const before = await sampleFixed(policy, tokenizer, fixed, p.maxNewTokens, p.seed);
      trainer = await PPO.create(policy, score, {
        klCoef: p.klCoef, clipRange: p.clipRange, epochs: p.epochs, minibatchSize: Math.min(p.minibatchSize, prompts.length),
        maxNewTokens: p.maxNewTokens, lr: p.lr, seed: p.seed, normalizeScores: true,
      }, reference?.slot.loaded.model);
      let stopped: StopReason = 'done', message: string | null = null, done = 0, last: PPOStats | null = null;
      for (let iter = 1; iter <= p.iterations; iter++) {
        try {
          last = await trainer.step(prompts);
        } catch (error) {
          if (!isNotFinite(error)) throw error;
          stopped = 'not-finite';
          message = `A loss or reward stopped being a number in iteration ${iter}; the model is kept as it was after iteration ${done}. Try a lower learning rate, or retrain the reward model.`;
          break;
        }
        done = iter;
        const [episode] = last.episodes;
        progress({
          iter, iterations: p.iterations, reward: last.reward, kl: last.kl, clipFraction: last.clipFraction, entropy: last.entropy,
          policyLoss: last.policyLoss, valueLoss: last.valueLoss, distinct2: distinctN(last.episodes.map((e) => e.response), 2),
          valLoss: await plainTextLoss(policy, valIds),
          sample: { prompt: tokenizer.decode(episode.prompt), response: tokenizer.decode(episode.response), score: last.scores[0] },
        });
        await nextMacrotask();
        if (signal.aborted) {
          stopped = 'cancelled';
          message = `Stopped after iteration ${iter} of ${p.iterations}; the model is kept as it is now.`;
          break;
        }
      }
      const after = await sampleFixed(policy, tokenizer, fixed, p.maxNewTokens, p.seed);
      const meta = {
        kind: 'rlhf', label: p.label, createdAt: new Date().toISOString(), iter: done,
        notes: {
          stage: 'ppo', klCoef: p.klCoef, clipRange: p.clipRange, epochs: p.epochs, reward: p.rule ?? 'reward model',
          prompts: prompts.length, lastReward: last?.reward ?? null, lastKl: last?.kl ?? null,
        },
      };
      const bytes = await saveModel(policy, tokenizer, meta);
      return {
        bytes: bytes.slice().buffer as ArrayBuffer, summary: summarize({ model: policy, tokenizer, meta }, bytes.byteLength),
        before, after, iterations: done, stopped, message,
      };
    } finally {
      trainer?.dispose();
      policy?.dispose();
      rewardModel?.dispose();
      source.release();
      reference?.release();
    }
  },
});

function parsedRule(name: string) {
  try {
    return parseTextRule(name);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}
