// Files in and out of the lab: one checkpoint as its .tbt file (what `npm run sample -- --checkpoint` reads),
// any other item or the whole lab as a lab file (labFile.ts). An import is checked whole — the container, every
// record, every checkpoint by the engine — before one write, so a bad file gives a clear message and changes
// nothing; items already in the lab (same checkpoint bytes, same id) are skipped, never doubled.
import { MAX_CHECKPOINT_BYTES } from '../../engine/train/checkpoint';
import { tokenizerFromJSON } from '../../engine/tokenizer';
import { engine } from '../engineConnection';
import { useStore } from '../store';
import { addCheckpoint, addMemoryOnlyModel, shippedModelBytes } from './labActions';
import { reloadCollection } from './labCollections';
import { checkpointFile, contentHash, describeWriteFailure, keptFile, labDeps, say } from './labContext';
import { checkedMeta, storedEntry } from './labEntries';
import { decodeLabFile, encodeLabFile, inBytes, isLabFile, MAX_LAB_FILE_BYTES } from './labFile';
import { recordSize } from './labStorage';
import { isLanguageModelRecord, isRewardKind, type LabContents, type LabStoreName } from './records';
import type { LabFileContents } from './labFile';
import { listRewardModels } from './labRewardModels';

export interface ExportedFile {
  fileName: string;
  blob: Blob;
}

const safeName = (label: string) => label.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

/** The checkpoint's .tbt file, for download. */
export async function exportCheckpoint(key: string): Promise<ExportedFile> {
  const entry = useStore.getState().checkpoints.find((c) => c.key === key);
  if (!entry) throw new Error(`There is no checkpoint “${key}” in the lab.`);
  if (entry.isMemoryOnly) throw new Error(`“${entry.label}” is kept in memory only, so there is no stored file to export: export the file you opened it from.`);
  const bytes = entry.isShipped ? shippedModelBytes() : (await labDeps().storage.get('checkpoints', key))?.bytes;
  if (!bytes) throw new Error(`The file of “${entry.label}” is not available.`);
  return { fileName: `${safeName(entry.label) || 'checkpoint'}.tbt`, blob: new Blob([bytes], { type: 'application/octet-stream' }) };
}

/** Everything the reader made (not the shipped model, which every copy of the book has) as one lab file. */
export async function exportLab(): Promise<ExportedFile> {
  const { storage } = labDeps();
  const [checkpoints, tokenizers, ratings, runs] = await Promise.all([
    storage.list('checkpoints'), storage.list('tokenizers'), storage.list('ratings'), storage.list('runs'),
  ]);
  // A stored GPT-2 is a Blob on disk: a lab file holds its bytes inline, so exporting reads them.
  const contents = await inBytes({ checkpoints: checkpoints.records, tokenizers: tokenizers.records, ratings: ratings.records, runs: runs.records });
  return { fileName: `token-by-token-lab-${new Date().toISOString().slice(0, 10)}.tbtlab`, blob: new Blob([encodeLabFile(contents)]) };
}

/** One tokenizer, rating or run as a lab file of one item (a checkpoint: exportCheckpoint). */
export async function exportItem(store: Exclude<LabStoreName, 'checkpoints'>, id: string): Promise<ExportedFile> {
  const record = await labDeps().storage.get(store, id);
  if (!record) throw new Error('That item is no longer in the lab.');
  const contents: LabFileContents = { checkpoints: [], tokenizers: [], ratings: [], runs: [] };
  (contents[store] as unknown[]).push(record);
  const name = 'name' in record ? safeName(record.name) : `${store.slice(0, -1)}-${id.slice(0, 8)}`;
  return { fileName: `${name || store}.tbtlab`, blob: new Blob([encodeLabFile(contents)]) };
}

const refuse = (name: string, reason: string) => {
  say(`“${name}” was not imported. ${reason.replace(/\s*Nothing was changed\.$/, '')} Nothing was changed.`, true);
  return false;
};

/** Imports a .tbt checkpoint or a .tbtlab lab file; reports what happened. Returns whether anything was added. */
export async function importCheckpointFile(file: Blob & { name: string }): Promise<boolean> {
  if (file.size > MAX_LAB_FILE_BYTES) {
    return refuse(file.name, `At ${(file.size / 2 ** 20).toFixed(0)} MB it is larger than any file this book makes (${MAX_LAB_FILE_BYTES / 2 ** 20} MB).`);
  }
  try {
    const bytes = await file.arrayBuffer();
    if (isLabFile(new Uint8Array(bytes))) return await importLab(file.name, bytes);
    if (bytes.byteLength > MAX_CHECKPOINT_BYTES) {
      return refuse(file.name, `At ${(file.size / 2 ** 20).toFixed(0)} MB it is larger than any checkpoint this book makes (${MAX_CHECKPOINT_BYTES / 2 ** 20} MB).`);
    }
    const meta = checkedMeta((await probe(bytes)).meta);
    // A reward model's file is a language model's body with a scoring head in its notes: taken alone it would be
    // listed (and sampled from) as a language model. Reward models travel in lab files, with their lineage.
    if (isRewardKind(meta.kind)) {
      return refuse(file.name, 'It is a reward model on its own, not a language model. Reward models travel as lab files (.tbtlab, from Export beside the reward model), with the ratings and model they were trained from.');
    }
    const { hash, twin } = await findTwin(bytes);
    if (twin) return refuse(file.name, `It is already in the lab as “${twin}”.`);
    const entry = await addCheckpoint(bytes, meta.label || file.name.replace(/\.tbt$/i, ''), meta.kind || 'pretrained', { hash });
    say(`Imported “${entry.label}” (${entry.summary.parameters.toLocaleString('en')} parameters).`);
    return true;
  } catch (error) {
    return refuse(file.name, (error as Error).message);
  }
}

/** How far opening a GPT-2 file has got: bytes of weights read, then the checkpoint being written. */
export interface Gpt2ImportProgress {
  stage: 'reading' | 'saving';
  read: number;
  total: number;
}

/**
 * Opens a GPT-2 file in Hugging Face's layout (`model.safetensors`, and its `config.json` when the reader has it):
 * the engine reads it from the File slice by slice and answers with a checkpoint holding it with GPT-2's tokenizer,
 * which the lab keeps like any model. Refusals (another architecture, a truncated file, too big) are said, and
 * nothing changes.
 */
export async function importGpt2Files(
  files: readonly File[], onProgress?: (p: Gpt2ImportProgress) => void, { isMemoryOnly = false } = {},
): Promise<boolean> {
  const model = files.find((f) => /\.safetensors$/i.test(f.name));
  const config = files.find((f) => /\.json$/i.test(f.name));
  if (!model) return refuse(files.map((f) => f.name).join(', '), 'A GPT-2 model is a .safetensors file (with its config.json beside it if you have it).');
  try {
    const label = `GPT-2 (${model.name.replace(/\.safetensors$/i, '')}${config ? '' : ', no config.json'})`;
    if (isMemoryOnly) return await openGpt2InMemory(model, config, label, onProgress);
    // The engine answers with the checkpoint as a Blob and its hash: the page never holds its bytes (250 MB for a
    // 124M GPT-2), and IndexedDB keeps the Blob on disk.
    const made = await engine().call('importGpt2', { file: model, config: config ? await config.text() : undefined, label }, { onProgress });
    const twin = twinOf(made.hash);
    if (twin) return refuse(model.name, `It is already in the lab as “${twin}”.`);
    const entry = await addCheckpoint(made.file, label, 'base', { isMemoryOnly, hash: made.hash });
    say(`Opened “${entry.label}”: ${(made.parameters / 1e6).toFixed(1)}M parameters, stored as ${made.storedAs}, ` +
      `${made.config.nLayer} layers × ${made.config.nHead} heads, context ${made.config.blockSize}, GPT-2's tokenizer.` +
      (made.note ? ` ${made.note}` : '') +
      (isMemoryOnly ? ' It is kept in memory only, as you asked: not saved in this browser, gone when you close or reload the tab.' : ' It is saved in this browser.') +
      ' Choose it in the lab to use it in every chapter.');
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const hint = !isMemoryOnly && /could not be saved/.test(message)
      ? ' You can still use it: tick “Keep the GPT-2 model in memory only” and open it again.' : '';
    return refuse(model.name, message.replace(/\s*Nothing was changed\.$/, '') + hint);
  }
}

/**
 * Memory only: the engine builds the model straight from the File and keeps no checkpoint bytes (neither it nor
 * the page), so a 124M model costs about its float32 weights; its weights are the file's own, unrounded.
 */
async function openGpt2InMemory(model: File, config: File | undefined, label: string, onProgress?: (p: Gpt2ImportProgress) => void): Promise<boolean> {
  const identity = `file:${model.name}:${model.size}:${model.lastModified}`;
  const twin = useStore.getState().checkpoints.find((c) => c.hash === identity);
  if (twin) return refuse(model.name, `It is already in the lab as “${twin.label}”.`);
  const key = crypto.randomUUID();
  const made = await engine().call('openGpt2', {
    key, file: model, config: config ? await config.text() : undefined, label, createdAt: new Date().toISOString(),
  }, { onProgress });
  const entry = addMemoryOnlyModel(made.summary, label, identity);
  say(`Opened “${entry.label}”: ${(made.parameters / 1e6).toFixed(1)}M parameters, stored as ${made.storedAs}, ` +
    `${made.config.nLayer} layers × ${made.config.nHead} heads, context ${made.config.blockSize}, GPT-2's tokenizer. ` +
    'It is kept in memory only, as you asked, read straight from your file in float32 (no copy of its bytes is kept): ' +
    'not saved in this browser, gone when you close or reload the tab. Choose it in the lab to use it in every chapter.');
  return true;
}

/** The engine reads the bytes under a scratch key and lets go of them: throws its reason if they are unusable. */
async function probe(bytes: ArrayBuffer) {
  const summary = await engine().call('loadCheckpoint', { key: '__import-check__', bytes });
  await engine().call('unloadCheckpoint', { key: '__import-check__' });
  return summary;
}

/** The label of a checkpoint in the lab whose file has this content hash (null when none). */
function twinOf(hash: string): string | null {
  return useStore.getState().checkpoints.find((c) => c.hash === hash)?.label ?? null;
}

/** The file's content hash, and the label of a checkpoint in the lab with the same one (null when none). */
async function findTwin(bytes: ArrayBuffer): Promise<{ hash: string; twin: string | null }> {
  const hash = await contentHash(bytes);
  return { hash, twin: twinOf(hash) };
}

async function importLab(name: string, bytes: ArrayBuffer): Promise<boolean> {
  const contents = await decodeLabFile(new Uint8Array(bytes));
  for (const c of contents.checkpoints) {
    try {
      await probe(c.bytes);
    } catch (error) {
      return refuse(name, `Its checkpoint “${c.label}” is unusable: ${(error as Error).message}`);
    }
  }
  for (const t of contents.tokenizers) {
    try {
      tokenizerFromJSON(t.json);
    } catch (error) {
      return refuse(name, `Its tokenizer “${t.name}” is unusable: ${(error as Error).message}`);
    }
  }
  const state = useStore.getState();
  // A checkpoint already here (same bytes) is skipped, and references to it follow the one already here.
  const keyFor = new Map<string, string>();
  const byHash = new Map([...state.checkpoints, ...state.rewardModels].map((c) => [c.hash, c.key]));
  const checkpoints = contents.checkpoints.filter((c) => {
    const existing = byHash.get(c.hash);
    keyFor.set(c.key, existing ?? ([...state.checkpoints, ...state.rewardModels].some((x) => x.key === c.key) ? crypto.randomUUID() : c.key));
    return existing === undefined;
  });
  const remap = (key: string | null) => (key === null ? null : (keyFor.get(key) ?? key));
  const has = (list: { id: string }[]) => new Set(list.map((x) => x.id));
  const [haveTokenizers, haveRatings, haveRuns] = [has(state.tokenizers), has(state.ratings), has(state.runs)];
  const batch: LabContents = {
    // A large checkpoint is stored as a Blob, as addCheckpoint stores it.
    checkpoints: checkpoints.map((c) => ({ ...c, key: keyFor.get(c.key)!, parent: remap(c.parent), bytes: keptFile(c.bytes) })),
    tokenizers: contents.tokenizers.filter((t) => !haveTokenizers.has(t.id)),
    ratings: contents.ratings.filter((r) => !haveRatings.has(r.id)),
    runs: contents.runs.filter((r) => !haveRuns.has(r.id)).map((r) => ({ ...r, checkpointKey: remap(r.checkpointKey) })),
  };
  const total = (c: LabContents) => c.checkpoints.length + c.tokenizers.length + c.ratings.length + c.runs.length;
  const skipped = total(contents) - total(batch);
  if (total(batch) === 0) return refuse(name, total(contents) ? 'Everything in it is already in the lab.' : 'It is empty.');
  try {
    await labDeps().storage.putAll(batch);
  } catch (error) {
    return refuse(name, await describeWriteFailure('Its contents', error, recordSize(batch)));
  }
  listRewardModels((await labDeps().storage.list('checkpoints')).records);
  for (const c of batch.checkpoints.filter(isLanguageModelRecord)) {
    const summary = await engine().call('loadCheckpoint', { key: c.key, ...checkpointFile(c.bytes) });
    useStore.setState((s) => ({ checkpoints: [...s.checkpoints.filter((x) => x.key !== c.key), storedEntry(summary, c)] }));
  }
  await Promise.all((['tokenizers', 'ratings', 'runs'] as const).map((s) => reloadCollection(s)));
  const parts = [
    [batch.checkpoints.length, 'checkpoint'], [batch.tokenizers.length, 'tokenizer'], [batch.ratings.length, 'rating'], [batch.runs.length, 'run'],
  ] as const;
  const list = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n > 1 ? 's' : ''}`).join(', ');
  say(`Imported from “${name}”: ${list}.${skipped ? ` ${skipped} already in the lab ${skipped > 1 ? 'were' : 'was'} skipped.` : ''}`);
  return true;
}
