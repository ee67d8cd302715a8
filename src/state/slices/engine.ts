// The engine as the reader sees it: is it running, which backend computes, and anything to tell them.
import type { EngineHealth } from '../../workers/engineClient';
import type { BackendChoice, BackendReport } from '../../workers/protocol';

export interface EngineState {
  engineHealth: EngineHealth;
  /** The running backend and why; null until the worker has answered. */
  backend: BackendReport | null;
  backendChoice: BackendChoice;
  /** A step of engine start-up still going on ("Starting the wasm engine…"), or null. */
  engineActivity: string | null;
  /** The last backend switch that failed, in words. */
  backendError: string | null;
}

export const backendChoiceKey = 'tbt-backend';

export function savedBackendChoice(): BackendChoice {
  try {
    const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(backendChoiceKey) : null;
    if (saved === 'auto' || saved === 'js' || saved === 'wasm' || saved === 'webgpu') return saved;
  } catch {
    // Storage blocked: fall back to automatic choice.
  }
  return 'auto';
}

export function initialEngine(): EngineState {
  return {
    engineHealth: { state: 'starting', restarts: 0, notice: null },
    backend: null,
    backendChoice: savedBackendChoice(),
    engineActivity: null,
    backendError: null,
  };
}
