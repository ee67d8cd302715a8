// A pre-training run that outlives a reload: the latest run state the worker vouched for (weights, AdamW moments,
// position in the data), the curves and samples so far, and what is needed to go on with the same data (the
// recipe, and the reader's own text if they brought one). Kept in the lab's settings store as one JSON string,
// the bytes in base64; a run state is a few MB for the chapter's recipes.
import { labDeps } from '../../state/lab/labContext';
import type { PretrainSetup, RunCurves } from './runTypes';

const SETTING = 'training:pretrain-run';

export interface SavedRun {
  setup: PretrainSetup;
  curves: RunCurves;
  /** The reader's own text, when the run did not read Tiny Shakespeare. */
  ownText: string | null;
  runState: ArrayBuffer;
  savedAt: string;
}

function toBase64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let out = '';
  for (let i = 0; i < view.length; i += 0x8000) out += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(out);
}

function fromBase64(text: string): ArrayBuffer {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes.buffer;
}

export async function keepRun(run: SavedRun): Promise<void> {
  await labDeps().storage.setSetting(SETTING, JSON.stringify({ ...run, runState: toBase64(run.runState) }));
}

/** The kept run, or null (none, or unreadable: then it is forgotten). */
export async function keptRun(): Promise<SavedRun | null> {
  const text = await labDeps().storage.getSetting(SETTING);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Omit<SavedRun, 'runState'> & { runState: string };
    if (!parsed.setup || !parsed.curves || typeof parsed.runState !== 'string') throw new Error('incomplete');
    return { ...parsed, runState: fromBase64(parsed.runState) };
  } catch {
    await forgetRun();
    return null;
  }
}

export async function forgetRun(): Promise<void> {
  await labDeps().storage.setSetting(SETTING, '');
}
