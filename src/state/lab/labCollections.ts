// Lab actions on what the reader makes besides checkpoints: tokenizers they trained, ratings (theirs or a
// scripted rater's) for RLHF, and training runs with their histories. Each is checked before it is stored, and
// the store's list follows storage, so chapters subscribe to `tokenizers`, `ratings` and `runs`.
import { tokenizerFromJSON } from '../../engine/tokenizer';
import { useStore } from '../store';
import { describeWriteFailure, labDeps, LabError } from './labContext';
import { recordSize, type LabRecord } from './labStorage';
import { RECORD_CHECKS, type LabStoreName, type RatingRecord, type RunRecord, type TokenizerRecord } from './records';

type Collection = Exclude<LabStoreName, 'checkpoints'>;

/** Re-reads one collection from storage into the store (at start, after a write, after another tab's write). */
export async function reloadCollection(store: Collection): Promise<void> {
  const { records, problems } = await labDeps().storage.list(store);
  useStore.setState((s) => ({ [store]: records, labProblems: [...s.labProblems.filter((p) => p.store !== store), ...problems] }));
}

/** Checks a new record, stores it and re-reads its list; throws a LabError in words when either fails. */
async function putChecked<S extends Collection>(store: S, record: LabRecord<S>, what: string): Promise<LabRecord<S>> {
  const checked = RECORD_CHECKS[store](record);
  if (!checked.ok) throw new LabError(`${what} was not saved: ${checked.reason}.`);
  try {
    await labDeps().storage.put(store, record);
  } catch (error) {
    throw new LabError(await describeWriteFailure(what, error, recordSize(record)));
  }
  await reloadCollection(store);
  return record;
}

async function remove(store: Collection, id: string): Promise<void> {
  await labDeps().storage.delete(store, id);
  await reloadCollection(store);
}

const now = () => new Date().toISOString();

// Tokenizers

/** Keeps a tokenizer the reader trained. Its JSON must rebuild a working tokenizer (tokenizerFromJSON). */
export async function saveTokenizer(t: { name: string; json: unknown; source: string }): Promise<TokenizerRecord> {
  try {
    tokenizerFromJSON(t.json);
  } catch (error) {
    throw new LabError(`The tokenizer “${t.name}” was not saved: ${(error as Error).message}`);
  }
  const record: TokenizerRecord = { id: crypto.randomUUID(), name: t.name.trim() || 'Untitled tokenizer', json: t.json, source: t.source, createdAt: now() };
  return putChecked('tokenizers', record, `The tokenizer “${record.name}”`);
}

export async function renameTokenizer(id: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new LabError('A name needs between 1 and 200 characters.');
  const stillThere = await labDeps().storage.update('tokenizers', id, (r) => ({ ...r, name: trimmed }));
  await reloadCollection('tokenizers');
  if (!stillThere) throw new LabError('That tokenizer was deleted in another tab, so it was not renamed.');
}

export const deleteTokenizer = (id: string) => remove('tokenizers', id);

// Ratings

/** Keeps one comparison: which of two responses to a prompt was better, and who said so. */
export async function addRating(r: Omit<RatingRecord, 'id' | 'createdAt'>): Promise<RatingRecord> {
  return putChecked('ratings', { ...r, id: crypto.randomUUID(), createdAt: now() }, 'The rating');
}

export const deleteRating = (id: string) => remove('ratings', id);

export async function clearRatings(): Promise<void> {
  await labDeps().storage.clear('ratings');
  await reloadCollection('ratings');
}

// Runs

/** Keeps a training run: its settings, its recorded series, and the checkpoint it produced if one was kept. */
export async function saveRun(r: Omit<RunRecord, 'id' | 'createdAt'>): Promise<RunRecord> {
  return putChecked('runs', { ...r, id: crypto.randomUUID(), createdAt: now() }, 'The training run');
}

export const deleteRun = (id: string) => remove('runs', id);
