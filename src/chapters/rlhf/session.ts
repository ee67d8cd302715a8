// What the RLHF steps share while the page is open: the reward model in use (a file the worker reads back for
// scoring and PPO; the lab keeps every one trained, and useRewardModel brings the latest back after a reload),
// and which model each stage starts from. Ratings, checkpoints, reward models and runs live in the lab.
import { create } from 'zustand';
import type { RatingRecord } from '../../state/lab/records';
import { selectCurrentModel, selectLatestOfKind } from '../../state/lab/labQueries';
import type { LabCheckpoint } from '../../state/slices/lab';
import type { AppState } from '../../state/store';
import type { RewardModelResult } from '../../workers/handlers/rewardModel';

export interface TrainedReward extends Omit<RewardModelResult, 'stopped'> {
  /** The checkpoint whose copy it is (its vocabulary must match the policy's). */
  sourceKey: string;
  ratingsUsed: number;
  /** Its key in the model lab, once kept there. */
  labKey?: string;
  /** When it came back from the lab (a reload), its label there; undefined when trained in this visit. */
  restoredFrom?: string;
}

interface RlhfSession {
  reward: TrainedReward | null;
}

export const useRlhfSession = create<RlhfSession>()(() => ({ reward: null }));

/** A rated pair as the worker takes it. */
export interface Pair {
  prompt: string;
  chosen: string;
  rejected: string;
}

/**
 * The lab's ratings as pairs to learn from: the winner over the loser (ties and skips teach nothing), and a
 * continuation the reader wrote over both answers it replaced.
 */
export function ratingsToPairs(ratings: readonly RatingRecord[]): Pair[] {
  const pairs: Pair[] = [];
  for (const r of ratings) {
    if (r.choice === 'a') pairs.push({ prompt: r.prompt, chosen: r.a, rejected: r.b });
    if (r.choice === 'b') pairs.push({ prompt: r.prompt, chosen: r.b, rejected: r.a });
    if (r.better?.trim()) {
      pairs.push({ prompt: r.prompt, chosen: r.better, rejected: r.a }, { prompt: r.prompt, chosen: r.better, rejected: r.b });
    }
  }
  return pairs;
}

/**
 * Where RLHF starts, and the reference every round is leashed to: the reader's latest fine-tuned (sft) model, else
 * the model in use — or, when that is itself an RLHF model (after deploying one), the model it was trained from.
 */
export function selectStartModel(s: AppState): LabCheckpoint | undefined {
  const sft = selectLatestOfKind(s, 'sft');
  if (sft) return sft;
  return nonRlhfAncestor(s, selectCurrentModel(s));
}

/** The checkpoint itself, or its nearest ancestor that is not an RLHF model (the shipped one at worst). */
export function nonRlhfAncestor(s: AppState, c: LabCheckpoint | undefined): LabCheckpoint | undefined {
  const seen = new Set<string>();
  while (c && c.kind === 'rlhf' && !seen.has(c.key)) {
    seen.add(c.key);
    const parent: string | null = c.parent;
    c = s.checkpoints.find((x) => x.key === parent) ?? s.checkpoints.find((x) => x.isShipped);
  }
  return c;
}

/** The lab ratings that give a reward model something to learn: a winner, or a continuation the reader wrote. */
export function ratingIdsUsed(ratings: readonly RatingRecord[]): string[] {
  return ratings.filter((r) => r.choice !== 'tie' || r.better?.trim()).map((r) => r.id);
}

/** The prompts the ratings were given for, in first-seen order (PPO answers these). */
export function promptsOf(ratings: readonly RatingRecord[]): string[] {
  return [...new Set(ratings.map((r) => r.prompt))];
}

/** The classroom rule the knobs describe, in the engine's form ("short-lines", "theme:love", "mix:love", "expr:<rule>"). */
export function selectRuleName(s: AppState): string {
  const kind = s.knobs.rlRule, word = s.knobs.rlTheme.trim();
  if (kind === 'expr') return `expr:${s.knobs.rlExpr}`;
  return kind === 'short-lines' ? kind : `${kind}:${word}`;
}
