// Monitoring a deployed model: its answers to fresh prompts, each with its reward (the reader's reward model or a
// scripted rule) and its KL to the reference — Σ (log π − log π_ref) over the answer's tokens — so "continuous
// monitoring" is a figure: a reward that drifts or a KL that grows says the model is not what was approved.
import {
  generate, noGrad, packSequences, parseTextRule, responseLogProbs, scoreEpisodes, scoreText, tidy, withBackend,
  type Episode, type GPT, type RewardModel,
} from '../../engine';
import { InputError } from '../engineState';
import { encodePrompts, loadRewardModel, promptList } from '../rlhfStages';
import { s } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface MonitorRow {
  prompt: string;
  answer: string;
  reward: number;
  kl: number;
}

export const monitor = method({
  lane: 'queue',
  retry: true,
  params: s.object({
    key: checkpointKey(),
    referenceKey: checkpointKey(),
    reward: s.optional(s.bytes({ maxBytes: 256 * 2 ** 20 })),
    rule: s.optional(s.string({ maxLength: 200 })), // expr:<rule> up to the rule language's 180 characters
    prompts: promptList(),
    maxNewTokens: s.optional(s.int({ min: 1, max: 256 }), 16),
    seed: s.optional(s.int({ min: 0, max: 2 ** 32 - 1 }), 1),
  }),
  async run(p, { state }): Promise<{ rows: MonitorRow[] }> {
    if ((p.reward === undefined) === (p.rule === undefined)) throw new InputError('Monitoring needs one reward: a trained reward model or a scripted rule.');
    const policy = state.borrow(p.key), reference = state.borrow(p.referenceKey);
    let rm: RewardModel | null = null;
    try {
      const { model, tokenizer } = policy.slot.loaded;
      const T = model.config.blockSize;
      if (p.maxNewTokens >= T) throw new InputError(`Answers must be shorter than the model's context of ${T} tokens.`);
      const prompts = encodePrompts(tokenizer, p.prompts, T - p.maxNewTokens);
      const episodes: Episode[] = [];
      for (const [i, prompt] of prompts.entries()) {
        episodes.push({ prompt, response: await generate(model, prompt, { maxNewTokens: p.maxNewTokens, temperature: 1, seed: p.seed + 7919 * i }) });
      }
      let rewards: number[];
      if (p.rule !== undefined) {
        let rule;
        try {
          rule = parseTextRule(p.rule);
        } catch (error) {
          throw new InputError((error as Error).message);
        }
        rewards = episodes.map((e) => scoreText(rule, tokenizer.decode(e.response)));
      } else {
        rm = loadRewardModel(p.reward!).model;
        rewards = await scoreEpisodes(rm, episodes);
      }
      const kls = await klPerEpisode(model, reference.slot.loaded.model, episodes);
      return {
        rows: episodes.map((e, i) => ({ prompt: tokenizer.decode(e.prompt), answer: tokenizer.decode(e.response), reward: rewards[i], kl: kls[i] })),
      };
    } finally {
      rm?.dispose();
      policy.release();
      reference.release();
    }
  },
});

/** Σ over each answer's tokens of log π − log π_ref: the sample estimate of KL(π ‖ π_ref) PPO reports. */
async function klPerEpisode(policy: GPT, reference: GPT, episodes: Episode[]): Promise<number[]> {
  const batch = packSequences(episodes.filter((e) => e.response.length > 0), policy.config.blockSize);
  const diff = withBackend(policy.backend, () => tidy(() => noGrad(() => {
    const a = responseLogProbs(policy, batch).logp, b = responseLogProbs(reference, batch).logp;
    return [a, b];
  })));
  const [lp, lr] = [await diff[0].data(), await diff[1].data()];
  diff.forEach((t) => t.dispose());
  const sums = new Array<number>(batch.B).fill(0);
  batch.mask.forEach((m, at) => { if (m) sums[Math.floor(at / batch.T)] += lp[at] - lr[at]; });
  let row = 0;
  return episodes.map((e) => (e.response.length > 0 ? sums[row++] : 0));
}
