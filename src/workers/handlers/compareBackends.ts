// The parity check, live: the same checkpoint and prompt on every backend this browser has, each backend's
// next-token logits compared with the float64 js backend (the spec). It is what the conformance tests promise,
// shown to the reader on their own machine and text.
import { createJsBackend, loadModel, nextTokenLogits, withBackend, type Backend, type BackendName } from '../../engine';
import { encodeOrExplain, type EngineState } from '../engineState';
import type { ParamsOf, ParityRow, ResultOf } from '../protocol';

export type MakeBackend = (name: BackendName) => Promise<Backend>;

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

export async function compareBackends(
  state: EngineState,
  p: ParamsOf<'compareBackends'>,
  progress: (message: string) => void,
  makeBackend: MakeBackend,
): Promise<ResultOf<'compareBackends'>> {
  const slot = state.get(p.key);
  const ids = encodeOrExplain(slot.loaded.tokenizer, p.text).slice(-slot.loaded.model.config.blockSize);
  progress('Computing the reference on plain JavaScript in float64…');
  const f64 = createJsBackend('float64');
  const ref = await logitsOn(f64, slot.bytes, ids);
  const reference: ParityRow = { name: 'js-float64', description: 'plain JavaScript, float64 (the reference)', maxAbsDiff: 0, sameTopToken: true, ms: ref.ms };
  const top = argmax(ref.logits);
  const rows: ParityRow[] = [];
  for (const name of ['js', 'wasm', 'webgpu'] as const) {
    progress(`Running the same prompt on ${descriptions[name]}…`);
    let backend: Backend | null = null;
    try {
      backend = name === 'js' ? createJsBackend('float32') : await makeBackend(name);
      const { logits, ms } = await logitsOn(backend, slot.bytes, ids);
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
