// The parity check, live: the same checkpoint and prompt on every backend this browser has, each backend's
// next-token logits compared with the float64 js backend (the spec). It is what the conformance tests promise,
// shown to the reader on their own machine and text.
import { createJsBackend, loadModel, nextTokenLogits, withBackend, type Backend, type BackendName } from '../../engine';
import { encodeOrExplain, InputError, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method, type HandlerContext, type MakeBackend } from './method';

/** One backend's next-token logits against the float64 js reference, for the same checkpoint and prompt. */
export interface ParityRow {
  name: BackendName | 'js-float64';
  description: string;
  /** Largest |logit − reference logit| over the vocabulary; null when the backend could not run. */
  maxAbsDiff: number | null;
  /** Whether its most likely next token is the reference's. */
  sameTopToken: boolean | null;
  ms: number | null;
  /** Why it did not run. */
  error?: string;
}

export interface ParityResult {
  tokens: number;
  reference: ParityRow;
  rows: ParityRow[];
}

const compareParams = s.object({ key: checkpointKey(), text: s.string({ maxLength: 100_000 }) });

/** Runs the prompt through checkpoint `key` on every backend this browser has and compares their logits. */
export const compareBackends = method({
  lane: 'exclusive',
  retry: true,
  busyMessage: 'Stop the training first: the comparison borrows the engine for a moment.',
  params: compareParams,
  run: (p, { state, progress, host }: HandlerContext<{ message: string }>) =>
    compareOnEveryBackend(state, p, (message) => progress({ message }), host.makeBackend),
});

const descriptions: Record<BackendName, string> = {
  js: 'plain JavaScript, float32',
  wasm: 'WebAssembly SIMD',
  webgpu: 'WebGPU',
};

async function logitsOn(backend: Backend, bytes: Uint8Array, ids: number[]): Promise<{ logits: Float64Array; ms: number }> {
  // Building the model must happen with `backend` active; the forward pass itself follows its weights.
  const { model } = withBackend(backend, () => loadModel(bytes));
  try {
    const started = performance.now();
    const logits = Float64Array.from(await nextTokenLogits(model, ids));
    return { logits, ms: performance.now() - started };
  } finally {
    model.dispose();
  }
}

function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

export async function compareOnEveryBackend(
  state: EngineState,
  p: Infer<typeof compareParams>,
  progress: (message: string) => void,
  makeBackend: MakeBackend,
): Promise<ParityResult> {
  const slot = state.get(p.key);
  // A large stored model is held as a Blob: its bytes are read for the comparison and let go after.
  const bytes = slot.bytes ?? (slot.file ? new Uint8Array(await slot.file.arrayBuffer()) : null);
  if (!bytes) {
    throw new InputError('This model was opened from your GPT-2 file and kept in memory only, without a copy of its bytes, so it cannot be rebuilt on every backend side by side. Compare backends on a model saved in the lab.');
  }
  const ids = encodeOrExplain(slot.loaded.tokenizer, p.text).slice(-slot.loaded.model.config.blockSize);
  progress('Computing the reference on plain JavaScript in float64…');
  const f64 = createJsBackend('float64');
  const ref = await logitsOn(f64, bytes, ids);
  const reference: ParityRow = { name: 'js-float64', description: 'plain JavaScript, float64 (the reference)', maxAbsDiff: 0, sameTopToken: true, ms: ref.ms };
  const top = argmax(ref.logits);
  const rows: ParityRow[] = [];
  for (const name of ['js', 'wasm', 'webgpu'] as const) {
    progress(`Running the same prompt on ${descriptions[name]}…`);
    let backend: Backend | null = null;
    try {
      backend = name === 'js' ? createJsBackend('float32') : await makeBackend(name);
      const { logits, ms } = await logitsOn(backend, bytes, ids);
      let maxAbsDiff = 0;
      for (let i = 0; i < logits.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(logits[i] - ref.logits[i]));
      const description = (backend as { description?: string }).description ?? descriptions[name];
      rows.push({ name, description, maxAbsDiff, sameTopToken: argmax(logits) === top, ms });
    } catch (error) {
      rows.push({ name, description: descriptions[name], maxAbsDiff: null, sameTopToken: null, ms: null, error: (error as Error).message });
    } finally {
      backend?.dispose();
    }
  }
  return { tokens: ids.length, reference, rows };
}
