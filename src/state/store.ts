// The app's one zustand store, composed of slices (state/slices/*). Actions live at module level in actions.ts,
// so components import functions instead of selecting them, and tests reset the whole store between cases.
import { create } from 'zustand';
import { initialNavigation, type NavigationSlice } from './slices/navigation';
import { initialDisplay, type DisplayState } from './slices/display';
import { initialControls, type ControlsState } from './slices/controls';
import { initialEngine, type EngineState } from './slices/engine';
import { initialLab, type LabState } from './slices/lab';

export type AppState = NavigationSlice & DisplayState & ControlsState & EngineState & LabState;

function initialState(): AppState {
  return { ...initialNavigation, ...initialDisplay(), ...initialControls(), ...initialEngine(), ...initialLab() };
}

export const useStore = create<AppState>()(() => initialState());

/** Puts every slice back to its initial value (tests, and "start over"). */
export function resetStore(): void {
  useStore.setState(initialState(), true);
}
