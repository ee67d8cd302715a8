// Switches the engine to another backend ('auto' lets feature detection choose) and rebuilds every loaded model on
// it from its bytes. Exclusive: it waits for the calls before it and is refused while a model trains.
import type { BackendName } from '../../engine';
import { s } from '../schema';
import { method, type HandlerContext } from './method';

/** Which backend the reader asked for; 'auto' lets feature detection choose. */
export type BackendChoice = 'auto' | BackendName;

export interface BackendOption {
  name: BackendName;
  /** Usable in this browser. */
  isAvailable: boolean;
  /** What it is, or why it cannot run here ("the page is not cross-origin isolated"). */
  detail: string;
}

export interface BackendReport {
  /** The backend now running. */
  name: BackendName;
  /** In words: "wasm SIMD, 2 threads". */
  description: string;
  /** Why this one: "WebGPU found no adapter; wasm SIMD is the fastest available". */
  reason: string;
  options: BackendOption[];
}

export const setBackend = method({
  lane: 'exclusive',
  retry: true,
  busyMessage: 'Stop the training first: a model cannot change backend while it trains.',
  params: s.object({ choice: s.literal('auto', 'js', 'wasm', 'webgpu') }),
  async run(p, { state, progress, host }: HandlerContext<{ message: string }>): Promise<BackendReport> {
    const { backend, report } = await host.chooseBackend(p.choice, (message) => progress({ message }), host.onBackendLost);
    await state.switchBackend(backend, report);
    return report;
  },
});
