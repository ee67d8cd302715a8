// What the engine worker holds: the active backend and the checkpoints loaded on it, each kept with its file
// bytes, or the way to read them again (a Blob, the reader's File), so a backend switch can rebuild every model exactly.
import { blobSource, countParameters, getBackend, loadModel, loadModelFromSource, setBackend, type Backend, type LoadedModel, type Tokenizer } from '../engine';
import type { BackendReport, CheckpointSummary } from './protocol';

export interface LoadedCheckpoint {
  /** The checkpoint file; null for a model read straight from the reader's file (adopt), which `rebuild` re-reads. */
  bytes: Uint8Array | null;
  loaded: LoadedModel;
  summary: CheckpointSummary;
  /** Builds the model again on the active backend without bytes held in memory (a 124M GPT-2 from its File). */
  rebuild?: () => Promise<LoadedModel>;
  /** The checkpoint file as a Blob, when it was given so (loadBlob): its bytes are read again from it when needed. */
  file?: Blob;
}

/** Resolves after pending messages are handled: long handlers await it between steps so pings and cancels get in. */
export const nextMacrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** An error in what the reader gave (empty prompt, unknown checkpoint), shown to them as is. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * Encodes the reader's text; a character the tokenizer cannot represent (char models) becomes an InputError, and so
 * does an empty text unless `allowEmpty` (lists of examples or ratings filter their empty entries themselves).
 */
export function encodeOrExplain(tokenizer: Tokenizer, text: string, { allowEmpty = false } = {}): number[] {
  let ids: number[];
  try {
    ids = tokenizer.encode(text);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  if (ids.length === 0 && !allowEmpty) throw new InputError('The prompt is empty: type at least one character.');
  return ids;
}

export function summarize(
  loaded: Pick<LoadedModel, 'model' | 'tokenizer' | 'meta'>,
  bytes: number,
): Omit<CheckpointSummary, 'key'> {
  return {
    config: loaded.model.config,
    parameters: countParameters(loaded.model.config),
    tokenizer: { kind: loaded.tokenizer.kind, vocabSize: loaded.tokenizer.vocabSize },
    meta: loaded.meta,
    bytes,
  };
}

function disposeModel(loaded: LoadedModel): void {
  try {
    loaded.model.dispose();
  } catch {
    // A lost GPU device may refuse to free; its memory is gone with it anyway.
  }
}

export class EngineState {
  private readonly checkpoints = new Map<string, LoadedCheckpoint>();
  /** How many long runs are reading each loaded model; an unloaded model is freed when the last one lets go. */
  private readonly borrowed = new Map<LoadedModel, number>();
  report: BackendReport | null = null;

  /** Validates and builds a checkpoint on the active backend; on any error nothing changes. */
  load(key: string, bytes: Uint8Array): CheckpointSummary {
    const loaded = loadModel(bytes);
    const summary = { key, ...summarize(loaded, bytes.byteLength) };
    const previous = this.checkpoints.get(key);
    this.checkpoints.set(key, { bytes, loaded, summary });
    if (previous) this.release(previous.loaded, 0);
    return summary;
  }

  /**
   * Validates and builds a checkpoint held in a Blob (a large one the lab stores: the page hands a Blob, whose bytes
   * the browser keeps outside the tab and may page to disk) and keeps the Blob, not its bytes, to build it again: a
   * 124M GPT-2's 250 MB file is read slice by slice into the model, never whole. On any error nothing changes.
   */
  async loadBlob(key: string, file: Blob): Promise<CheckpointSummary> {
    // Read in 4 MB slices, never whole: the file's bytes are not held beside the model they fill.
    const build = () => loadModelFromSource(blobSource(file));
    const summary = this.adopt(key, await build(), build, file.size);
    this.checkpoints.get(key)!.file = file;
    return summary;
  }

  /**
   * Keeps a model built elsewhere (a GPT-2 read tensor by tensor from the reader's File) under `key`, with the way
   * to build it again instead of its bytes: a 124M model's 250–500 MB of file bytes are not held beside the model.
   */
  adopt(key: string, loaded: LoadedModel, rebuild: () => Promise<LoadedModel>, bytes: number): CheckpointSummary {
    const summary = { key, ...summarize(loaded, bytes) };
    const previous = this.checkpoints.get(key);
    this.checkpoints.set(key, { bytes: null, loaded, summary, rebuild });
    if (previous) this.release(previous.loaded, 0);
    return summary;
  }

  unload(key: string): boolean {
    const slot = this.checkpoints.get(key);
    if (!slot) return false;
    this.checkpoints.delete(key);
    this.release(slot.loaded, 0);
    return true;
  }

  /**
   * A checkpoint for a run that reads it over many steps (training copies it, RLHF copies it twice): unloading it
   * meanwhile (the reader deletes it from the lab) frees it only once the run calls `release`.
   */
  borrow(key: string): { slot: LoadedCheckpoint; release: () => void } {
    const slot = this.get(key);
    this.borrowed.set(slot.loaded, (this.borrowed.get(slot.loaded) ?? 0) + 1);
    let released = false;
    return {
      slot,
      release: () => {
        if (released) return;
        released = true;
        this.release(slot.loaded, 1);
      },
    };
  }

  private release(loaded: LoadedModel, count: number): void {
    const left = (this.borrowed.get(loaded) ?? 0) - count;
    if (left > 0) return void this.borrowed.set(loaded, left);
    this.borrowed.delete(loaded);
    const isStillLoaded = [...this.checkpoints.values()].some((s) => s.loaded === loaded);
    if (!isStillLoaded) disposeModel(loaded);
  }

  has(key: string): boolean {
    return this.checkpoints.has(key);
  }

  get(key: string): LoadedCheckpoint {
    const slot = this.checkpoints.get(key);
    if (!slot) throw new InputError(`no checkpoint "${key}" is loaded in the engine`);
    return slot;
  }

  /**
   * Makes `backend` active and rebuilds every loaded model on it from its bytes, then frees the old backend. Models
   * kept with bytes are rebuilt before the first await (so a caller that does not await sees them at once); adopted
   * ones are re-read from their source after.
   */
  async switchBackend(backend: Backend, report: BackendReport): Promise<void> {
    const previous = getBackend();
    for (const slot of this.checkpoints.values()) disposeModel(slot.loaded);
    setBackend(backend);
    const adopted: string[] = [];
    for (const [key, slot] of this.checkpoints) {
      if (slot.bytes) this.checkpoints.set(key, { ...slot, loaded: loadModel(slot.bytes) });
      else adopted.push(key);
    }
    this.report = report;
    for (const key of adopted) {
      const slot = this.checkpoints.get(key)!;
      try {
        this.checkpoints.set(key, { ...slot, loaded: await slot.rebuild!() });
      } catch {
        // Its file can no longer be read (moved or deleted): it is dropped rather than left disposed but listed.
        this.checkpoints.delete(key);
      }
    }
    if (previous !== backend) {
      try {
        previous.dispose();
      } catch {
        // As above: nothing more to free on a lost device.
      }
    }
  }
}
