// What the lab stores, one record type per object store, and the runtime checks every record passes when it is
// read back or imported: storage and files come from outside the program (an older version, another tab, a
// crafted file), so their types are claims to verify, not facts. A check returns the record or the reason.
import { isBlob } from '../../workers/contentHash';

export const CHECKPOINT_KINDS = ['base', 'pretrained', 'sft', 'rlhf'] as const;
/** base: the shipped model · pretrained: the reader's own (re)training · sft: fine-tuned on examples · rlhf: PPO. */
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];
export type RunKind = Exclude<CheckpointKind, 'base'>;

/**
 * A reward model lives in the checkpoints store too (its file is a checkpoint: the trunk, with the score head in
 * its notes), but it is not a language model: it is never active and never sampled, so it is not one of
 * CHECKPOINT_KINDS and the lab lists it apart (`rewardModels`). Added after schema v2, without a version change.
 */
export const REWARD_KIND = 'reward';
export type StoredCheckpointKind = CheckpointKind | typeof REWARD_KIND;

/** What a reward model learned from: the lab's ratings (by id) and how well it fitted them. */
export interface RewardLineage {
  ratingIds: string[];
  trainPairs: number;
  heldOutPairs: number;
  /** Share of held-out pairs it ranks the rater's way; null when none could be held out. */
  heldOutAccuracy: number | null;
  /** Pairs rated both ways. */
  contradictions: number;
  /** The warning shown with it (too few pairs, contradictions), or null. */
  message: string | null;
}

/** One point of a loss curve: the iteration, the training loss, and the validation loss where one was measured. */
export interface LossPoint {
  iter: number;
  loss: number;
  valLoss?: number;
}

export interface CheckpointRecord {
  key: string;
  label: string;
  kind: StoredCheckpointKind;
  /** The checkpoint it was trained from (null for a model made from scratch or imported without lineage). */
  parent: string | null;
  createdAt: string;
  lossHistory: LossPoint[];
  /** SHA-256 of the bytes, hex: the same file imported twice is recognised. Empty on records from schema v1. */
  hash: string;
  /**
   * The .tbt file: its bytes, or past 64 MB (labContext.BLOB_ABOVE_BYTES) a Blob of them, which IndexedDB keeps on
   * disk rather than in the tab. Records written before Blobs were stored hold bytes at any size; both are read.
   */
  bytes: ArrayBuffer | Blob;
  /** Only on a reward model (kind 'reward'), which always has it. */
  reward?: RewardLineage;
}

export interface TokenizerRecord {
  id: string;
  name: string;
  /** The tokenizer's JSON form (engine/tokenizer/types.ts), as tokenizerFromJSON reads it. */
  json: unknown;
  createdAt: string;
  /** Where it came from, in words ("BPE, 512 tokens, trained on your text"). */
  source: string;
}

export type Choice = 'a' | 'b' | 'tie';
/** A person, or a scripted rater named by its rule ("scripted:shorter"). */
export type Rater = 'person' | `scripted:${string}`;

export interface RatingRecord {
  id: string;
  prompt: string;
  a: string;
  b: string;
  choice: Choice;
  rater: Rater;
  createdAt: string;
  /** A continuation the reader wrote instead, better than both (a supervised example for fine-tuning). */
  better?: string;
}

export interface RunRecord {
  id: string;
  kind: RunKind;
  /** The settings the run used (iterations, learning rate…), as given. */
  config: Record<string, unknown>;
  /** Named series recorded during the run ("loss", "valLoss", "reward", "kl"), one number per step. */
  history: Record<string, number[]>;
  createdAt: string;
  /** The checkpoint the run produced, if it was kept. */
  checkpointKey: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

type Fields = Record<string, unknown>;
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isDate = (v: unknown): v is string => isText(v, 40) && !Number.isNaN(Date.parse(v));
// By tag, not instanceof: a buffer structured-cloned by storage may come from another realm (a test's jsdom).
const isArrayBuffer = (v: unknown): v is ArrayBuffer => Object.prototype.toString.call(v) === '[object ArrayBuffer]';
const isId = (v: unknown): v is string => isText(v, 200) && v.length > 0;

/** The first field that fails its test, named, or null when all pass. */
function firstBad(record: Fields, tests: Record<string, (v: unknown) => boolean>): string | null {
  for (const [field, test] of Object.entries(tests)) if (!test(record[field])) return `its ${field} is missing or not valid`;
  return null;
}

export function isCheckpointKind(v: unknown): v is CheckpointKind {
  return (CHECKPOINT_KINDS as readonly unknown[]).includes(v);
}

/** Today's kinds from older names: schema v1 called the reader's own training 'retrained'. */
export function normalizeKind(v: unknown): CheckpointKind {
  return isCheckpointKind(v) ? v : 'pretrained';
}

export const isRewardKind = (v: unknown): v is typeof REWARD_KIND => v === REWARD_KIND;

function isRewardLineage(v: unknown): v is RewardLineage {
  const count = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  return (
    isObject(v) &&
    Array.isArray(v.ratingIds) && v.ratingIds.length <= 100_000 && v.ratingIds.every(isId) &&
    count(v.trainPairs) && count(v.heldOutPairs) && count(v.contradictions) &&
    (v.heldOutAccuracy === null || (isFiniteNumber(v.heldOutAccuracy) && v.heldOutAccuracy >= 0 && v.heldOutAccuracy <= 1)) &&
    (v.message === null || isText(v.message, 5_000))
  );
}

function isLossHistory(v: unknown): v is LossPoint[] {
  return (
    Array.isArray(v) &&
    v.length <= 1_000_000 &&
    v.every((p) => isObject(p) && isFiniteNumber(p.iter) && isFiniteNumber(p.loss) && (p.valLoss === undefined || isFiniteNumber(p.valLoss)))
  );
}

export function checkCheckpoint(v: unknown): Checked<CheckpointRecord> {
  if (!isObject(v)) return fail('it is not a record');
  const bad = firstBad(v, {
    key: isId,
    label: (x) => isText(x, 500),
    kind: (x) => isCheckpointKind(x) || isRewardKind(x),
    parent: (x) => x === null || isId(x),
    createdAt: isDate,
    lossHistory: isLossHistory,
    hash: (x) => isText(x, 64) && /^[0-9a-f]*$/.test(x as string),
    bytes: (x) => (isArrayBuffer(x) && x.byteLength > 0) || (isBlob(x) && x.size > 0),
    // A reward model says what it learned from; a language model has no such field.
    reward: (x) => (isRewardKind(v.kind) ? isRewardLineage(x) : x === undefined),
  });
  return bad ? fail(bad) : { ok: true, value: v as unknown as CheckpointRecord };
}

export function checkTokenizer(v: unknown): Checked<TokenizerRecord> {
  if (!isObject(v)) return fail('it is not a record');
  const bad = firstBad(v, { id: isId, name: (x) => isText(x, 500), json: isObject, createdAt: isDate, source: (x) => isText(x, 2_000) });
  return bad ? fail(bad) : { ok: true, value: v as unknown as TokenizerRecord };
}

export function checkRating(v: unknown): Checked<RatingRecord> {
  if (!isObject(v)) return fail('it is not a record');
  const bad = firstBad(v, {
    id: isId,
    prompt: isText,
    a: isText,
    b: isText,
    choice: (x) => x === 'a' || x === 'b' || x === 'tie',
    rater: (x) => x === 'person' || (isText(x, 200) && /^scripted:.+/.test(x as string)),
    createdAt: isDate,
    better: (x) => x === undefined || isText(x),
  });
  return bad ? fail(bad) : { ok: true, value: v as unknown as RatingRecord };
}

const isSeries = (v: unknown) => isObject(v) && Object.values(v).every((s) => Array.isArray(s) && s.every(isFiniteNumber));

export function checkRun(v: unknown): Checked<RunRecord> {
  if (!isObject(v)) return fail('it is not a record');
  const bad = firstBad(v, {
    id: isId,
    kind: (x) => x === 'pretrained' || x === 'sft' || x === 'rlhf',
    config: isObject,
    history: isSeries,
    createdAt: isDate,
    checkpointKey: (x) => x === null || isId(x),
  });
  return bad ? fail(bad) : { ok: true, value: v as unknown as RunRecord };
}

/**
 * Upgrades a checkpoint record written by schema v1 ({ key, label, kind, createdAt, bytes }) to today's shape;
 * records already in today's shape pass through. The result still goes through checkCheckpoint.
 */
export function upgradeCheckpointV1(v: unknown): unknown {
  if (!isObject(v)) return v;
  return {
    ...v,
    kind: isRewardKind(v.kind) ? v.kind : normalizeKind(v.kind),
    parent: 'parent' in v ? v.parent : null,
    lossHistory: 'lossHistory' in v ? v.lossHistory : [],
    hash: 'hash' in v ? v.hash : '',
  };
}

/** Every record of the lab, by store. */
export interface LabContents {
  checkpoints: CheckpointRecord[];
  tokenizers: TokenizerRecord[];
  ratings: RatingRecord[];
  runs: RunRecord[];
}

export type LabStoreName = keyof LabContents;

export const RECORD_CHECKS: { [S in LabStoreName]: (v: unknown) => Checked<LabContents[S][number]> } = {
  checkpoints: (v) => checkCheckpoint(upgradeCheckpointV1(v)),
  tokenizers: checkTokenizer,
  ratings: checkRating,
  runs: checkRun,
};

/** The key of a record in its store: checkpoints by key, the rest by id. */
/** A stored reward model (kind 'reward', with its lineage). */
export type RewardModelRecord = CheckpointRecord & { kind: typeof REWARD_KIND; reward: RewardLineage };
/** A stored language model (any of CHECKPOINT_KINDS). */
export type LanguageModelRecord = CheckpointRecord & { kind: CheckpointKind };

export const isRewardModelRecord = (r: CheckpointRecord): r is RewardModelRecord => isRewardKind(r.kind) && r.reward !== undefined;
export const isLanguageModelRecord = (r: CheckpointRecord): r is LanguageModelRecord => isCheckpointKind(r.kind);

export function keyOf<S extends LabStoreName>(store: S, record: LabContents[S][number]): string {
  return store === 'checkpoints' ? (record as CheckpointRecord).key : (record as { id: string }).id;
}
