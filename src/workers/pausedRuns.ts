// Paused training runs, held in the worker: a run given a `runKey` that is cancelled leaves its run state here, so a
// page that cancelled (and whose client dropped the answer) resumes it by name. After a reload the worker is new
// and the page resumes from the bytes it kept instead (the answer's runState or the latest snapshot).
import type { EngineState } from './engineState';
import { InputError } from './engineState';

const paused = new WeakMap<EngineState, Map<string, Uint8Array>>();

function runsOf(state: EngineState): Map<string, Uint8Array> {
  let runs = paused.get(state);
  if (!runs) paused.set(state, (runs = new Map()));
  return runs;
}

/** Keeps the state of a paused run under its key (one per key: a later pause replaces it). */
export function holdPausedRun(state: EngineState, runKey: string, runState: Uint8Array): void {
  runsOf(state).set(runKey, runState);
}

/** A paused run's state, still held (a resume that fails can be tried again). */
export function pausedRun(state: EngineState, runKey: string): Uint8Array {
  const runState = runsOf(state).get(runKey);
  if (!runState) throw new InputError(`params.resume.runKey: no paused run "${runKey}" is held in the engine (after a reload, resume from the saved run state).`);
  return runState;
}

/** Lets go of a run's state once it went on to its end. */
export function releasePausedRun(state: EngineState, runKey: string): void {
  runsOf(state).delete(runKey);
}
