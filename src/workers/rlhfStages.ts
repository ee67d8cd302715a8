// What the RLHF stage handlers (rewardModel, scoreTexts, ppo, dpo) share: ratings as token ids, a reward model as a
// file the page keeps (its body is a checkpoint; the score head's 129 numbers ride in the notes), a policy's samples
// for fixed prompts (before and after, same seeds, so only the model differs), and the answer a run gives when it
// stops early: the last good model, with the reason in words.
import {
  RewardModel, evaluate, generate, loadModel, saveModel, scoreEpisodes, type Episode, type GPT, type PreferencePair,
  type Tokenizer,
} from '../engine';
import { encodeOrExplain, InputError } from './engineState';
import { s } from './schema';

const text = () => s.string({ maxLength: 100_000 });

/** A rated pair as the page sends it: for this prompt the rater preferred `chosen` to `rejected`. */
export const ratedPairs = () => s.array(s.object({ prompt: text(), chosen: text(), rejected: text() }), { maxLength: 100_000 });
export const promptList = () => s.array(s.string({ maxLength: 10_000 }), { maxLength: 1_000 });

/** Why a run ended: it ran its course, the reader cancelled it, or a loss stopped being a number. */
export type StopReason = 'done' | 'cancelled' | 'not-finite';

/** Ratings as token ids, cut to the context (a prompt keeps its end, a response its start); empty or equal pairs dropped. */
export function encodePairs(tokenizer: Tokenizer, ratings: readonly { prompt: string; chosen: string; rejected: string }[], T: number): PreferencePair[] {
  const encode = (t: string) => encodeOrExplain(tokenizer, t, { allowEmpty: true });
  return ratings.map((r) => {
    const chosen = encode(r.chosen).slice(0, T - 1), rejected = encode(r.rejected).slice(0, T - 1);
    const prompt = encode(r.prompt).slice(-(T - Math.max(chosen.length, rejected.length)));
    return { prompt, chosen, rejected };
  }).filter((r) => r.prompt.length > 0 && r.chosen.length > 0 && r.rejected.length > 0 && r.chosen.join() !== r.rejected.join());
}

/** Pairs rated both ways (same prompt, same two texts, opposite choices): no model can agree with both. */
export function countContradictions(pairs: readonly PreferencePair[]): number {
  const seen = new Set<string>();
  let count = 0;
  for (const p of pairs) {
    const key = (a: number[], b: number[]) => `${p.prompt.join()}|${a.join()}|${b.join()}`;
    if (seen.has(key(p.rejected, p.chosen))) count++;
    seen.add(key(p.chosen, p.rejected));
  }
  return count;
}

/**
 * Prompts as ids that keep their last `room` tokens. A prompt this tokenizer cannot write (a char model's missing
 * letters) is left out, not fatal; none left is the reader's mistake, said in words.
 */
export function encodePrompts(tokenizer: Tokenizer, prompts: readonly string[], room: number): number[][] {
  let reason = '';
  const ids = prompts.flatMap((p) => {
    try {
      const x = encodeOrExplain(tokenizer, p, { allowEmpty: true }).slice(-room);
      return x.length > 0 ? [x] : [];
    } catch (error) {
      reason = ` (${(error as Error).message})`;
      return [];
    }
  });
  if (ids.length === 0) throw new InputError(`Give at least one prompt for the model to answer that this model can write${reason}.`);
  return ids;
}

/** The reward model as one file: its body as a checkpoint, its head in the notes. */
export async function saveRewardModel(rm: RewardModel, tokenizer: Tokenizer, notes: Record<string, unknown>): Promise<ArrayBuffer> {
  const head = { weight: Array.from(await rm.head.weight.data()), bias: Array.from(await rm.head.bias!.data()) };
  const bytes = await saveModel(rm.body, tokenizer, {
    kind: 'reward', label: 'Reward model', createdAt: new Date().toISOString(), iter: 0, notes: { ...notes, head },
  });
  return bytes.slice().buffer as ArrayBuffer;
}

/** Rebuilds a reward model from saveRewardModel's file; a file without a head is refused in words. */
export function loadRewardModel(bytes: ArrayBuffer): { model: RewardModel; tokenizer: Tokenizer } {
  const { model, tokenizer, meta } = loadModel(new Uint8Array(bytes));
  const head = meta.notes?.head as { weight?: unknown; bias?: unknown } | undefined;
  const C = model.config.nEmbd;
  const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every(Number.isFinite);
  if (meta.kind !== 'reward' || !head || !isNumbers(head.weight, C) || !isNumbers(head.bias, 1)) {
    model.dispose();
    throw new InputError('That is not a reward model: train one in the reward step first.');
  }
  const rm = new RewardModel(model);
  rm.head.weight.assign(head.weight);
  rm.head.bias!.assign(head.bias);
  return { model: rm, tokenizer };
}

/** The reward model's score of each text written after `prompt`. */
export async function scoreTexts(rm: RewardModel, tokenizer: Tokenizer, prompt: string, texts: readonly string[]): Promise<number[]> {
  const T = rm.body.config.blockSize;
  const episodes: Episode[] = texts.map((t) => {
    const response = encodeOrExplain(tokenizer, t, { allowEmpty: true }).slice(0, T - 1);
    const promptIds = encodeOrExplain(tokenizer, prompt, { allowEmpty: true }).slice(-(T - response.length));
    // A reward model reads a whole sequence: with no prompt, the first token of the text stands in for it.
    return promptIds.length > 0 ? { prompt: promptIds, response } : { prompt: response.slice(0, 1), response: response.slice(1) };
  });
  if (episodes.some((e) => e.prompt.length === 0)) throw new InputError('Type some text for the reward model to score.');
  return scoreEpisodes(rm, episodes);
}

/** One sample for a fixed prompt: the prompt and each new token as shown (for token-level diffs). */
export interface FixedSample {
  prompt: string;
  tokens: string[];
  text: string;
}

/** The model's continuations of fixed prompts, one seed per prompt, so two models' samples differ only by model. */
export async function sampleFixed(model: GPT, tokenizer: Tokenizer, prompts: readonly number[][], maxNewTokens: number, seed: number): Promise<FixedSample[]> {
  const out: FixedSample[] = [];
  for (const [i, prompt] of prompts.entries()) {
    const ids = await generate(model, prompt, { maxNewTokens, temperature: 0.8, seed: seed + 31 * i });
    // Each token as the text it adds (spaces and line breaks as they are), so the page shows the answer as prose.
    out.push({ prompt: tokenizer.decode(prompt), tokens: ids.map((id) => tokenizer.decode([id])), text: tokenizer.decode(ids) });
  }
  return out;
}

/** Mean loss of `model` on a plain held-out text (what "forgetting the language" costs), or null without one. */
export async function plainTextLoss(model: GPT, ids: readonly number[] | null): Promise<number | null> {
  if (!ids || ids.length < 2) return null;
  return (await evaluate(model, ids)).meanLoss;
}

/**
 * Whether an error is a loss or a reward that stopped being a number (the engine's trainers throw these before
 * stepping, so the weights are still the last good ones).
 */
export function isNotFinite(error: unknown): boolean {
  return error instanceof Error && /not finite|one finite number/.test(error.message);
}
