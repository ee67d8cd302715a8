// Starting the engine's backend and switching it, reflected in the engine slice.
import type { EngineHealth } from '../workers/engineClient';
import type { BackendChoice, EngineEvent } from '../workers/protocol';
import { engine } from './engineConnection';
import { backendChoiceKey } from './slices/engine';
import { useStore } from './store';

export function setEngineHealth(engineHealth: EngineHealth): void {
  useStore.setState({ engineHealth });
}

export function handleEngineEvent(event: EngineEvent): void {
  if (event.type === 'backendChanged') {
    useStore.setState((s) => ({ backend: event.report, engineHealth: { ...s.engineHealth, notice: event.report.reason } }));
  }
}

export function dismissEngineNotice(): void {
  useStore.setState((s) => ({ engineHealth: { ...s.engineHealth, notice: null } }));
}

/** Asks the worker for a backend ('auto' = feature detection) and records what it chose and why. */
export async function chooseBackend(choice: BackendChoice = useStore.getState().backendChoice): Promise<void> {
  const previous = useStore.getState().backendChoice;
  useStore.setState({ backendChoice: choice, engineActivity: 'Choosing a backend…', backendError: null });
  try {
    const backend = await engine().call('setBackend', { choice }, { onProgress: (p) => useStore.setState({ engineActivity: p.message }) });
    useStore.setState({ backend, engineActivity: null });
  } catch (error) {
    // A refused switch (a model is training) leaves the choice as it was, here and after a reload.
    useStore.setState({ backendChoice: previous, engineActivity: null, backendError: `Could not switch to ${choice}: ${(error as Error).message}` });
    return;
  }
  try {
    localStorage.setItem(backendChoiceKey, choice);
  } catch {
    // Remembered for this visit only.
  }
}
