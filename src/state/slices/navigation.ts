// Where the reader is: chapter and step. Pure transitions, so they are testable without a store or a DOM.
import { chapters, chapterIndex, findChapter } from '../../chapters';

export interface NavigationState {
  chapterId: string;
  stepIndex: number;
}

export const initialNavigation: NavigationState = { chapterId: chapters[0].id, stepIndex: 0 };

/** Moves one step forward or back, crossing into the neighbouring chapter at either end; stays put at the book's ends. */
export function stepBy(state: NavigationState, delta: 1 | -1): NavigationState {
  const chapter = findChapter(state.chapterId) ?? chapters[0];
  const next = state.stepIndex + delta;
  if (next >= 0 && next < chapter.steps.length) return { chapterId: chapter.id, stepIndex: next };
  const neighbour = chapters[chapterIndex(chapter.id) + delta];
  if (!neighbour) return state;
  return { chapterId: neighbour.id, stepIndex: delta > 0 ? 0 : neighbour.steps.length - 1 };
}

export function isFirstStep(state: NavigationState): boolean {
  return chapterIndex(state.chapterId) <= 0 && state.stepIndex === 0;
}

export function isLastStep(state: NavigationState): boolean {
  const last = chapters[chapters.length - 1];
  return state.chapterId === last.id && state.stepIndex === last.steps.length - 1;
}
