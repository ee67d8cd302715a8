// Store actions, at module level: the only way components change app state.
import { findChapter } from './book';
import type { Theme } from '../viz/palette';
import { normaliseKnobValue } from './knobs';
import { stepBy } from './slices/navigation';
import { themeStorageKey } from './slices/display';
import { useStore, type AppState } from './store';
import { knobTable, type HashState, type KnobId, type KnobValues } from './urlHash';

export function goToChapter(chapterId: string, stepIndex = 0): void {
  const chapter = findChapter(chapterId);
  if (!chapter) return;
  const step = Math.min(Math.max(0, stepIndex), chapter.steps.length - 1);
  useStore.setState({ chapterId: chapter.id, stepIndex: step, tocOpen: false, followedScroll: false });
}

export function goToStep(stepIndex: number): void {
  goToChapter(useStore.getState().chapterId, stepIndex);
}

export function nextStep(): void {
  useStore.setState((s) => ({ ...stepBy(s, 1), followedScroll: false }));
}

export function previousStep(): void {
  useStore.setState((s) => ({ ...stepBy(s, -1), followedScroll: false }));
}

/** In reading mode the reader scrolled step `stepIndex` into view: it becomes the current step, without scrolling. */
export function followScrollTo(stepIndex: number): void {
  const s = useStore.getState();
  if (s.stepIndex === stepIndex || s.projector) return;
  useStore.setState({ stepIndex, followedScroll: true });
}

/** Sets a knob, unless a teacher's link locked it; the value is brought into the knob's range first. */
export function setKnob<K extends KnobId>(id: K, value: KnobValues[K]): void {
  setKnobFromControl(id, value);
}

/** The same for values straight from a form control, whose type the knob's spec checks. */
export function setKnobFromControl(id: KnobId, value: unknown): void {
  const state = useStore.getState();
  if (state.locked.includes(id)) return;
  const normalised = normaliseKnobValue(knobTable[id], value);
  if (normalised === undefined || normalised === state.knobs[id]) return;
  useStore.setState({ knobs: { ...state.knobs, [id]: normalised } });
}

export function setTheme(theme: Theme): void {
  useStore.setState({ theme });
  try {
    localStorage.setItem(themeStorageKey, theme);
  } catch {
    // Not saved across visits when storage is blocked; the choice still holds for this visit.
  }
}

export function toggleTheme(): void {
  setTheme(useStore.getState().theme === 'dark' ? 'light' : 'dark');
}

export function setProjector(projector: boolean): void {
  useStore.setState({ projector });
}

export function setTocOpen(tocOpen: boolean): void {
  useStore.setState({ tocOpen });
}

export function setReducedMotion(reducedMotion: boolean): void {
  useStore.setState({ reducedMotion });
}

/** The part of the state a link carries. */
export function selectHashState(s: AppState): HashState {
  return {
    chapterId: s.chapterId,
    stepIndex: s.stepIndex,
    knobs: s.knobs,
    hidden: s.hidden,
    locked: s.locked,
    projector: s.projector,
  };
}

/** Makes the view match a link: chapter, step, every knob (absent ones at default), hide/lock lists, projector. */
export function applyHashState(h: HashState): void {
  useStore.setState({
    chapterId: h.chapterId,
    stepIndex: h.stepIndex,
    followedScroll: false,
    knobs: h.knobs,
    hidden: h.hidden,
    locked: h.locked,
    projector: h.projector,
  });
}
