// Where the reader is: chapter and step. Pure transitions, so they are testable without a store or a DOM.
import { book, chapterIndex, findChapter } from '../book';

export interface NavigationState {
  chapterId: string;
  stepIndex: number;
}

export interface NavigationSlice extends NavigationState {
  /**
   * The current step changed because the reader scrolled to it (reading mode), not because they asked for it: the
   * page must not scroll again, and the address bar is rewritten rather than given a history entry.
   */
  followedScroll: boolean;
}

export const initialNavigation: NavigationSlice = { chapterId: book[0].id, stepIndex: 0, followedScroll: false };

/** Moves one step forward or back, crossing into the neighbouring chapter at either end; stays put at the book's ends. */
export function stepBy(state: NavigationState, delta: 1 | -1): NavigationState {
  const chapter = findChapter(state.chapterId) ?? book[0];
  const next = state.stepIndex + delta;
  if (next >= 0 && next < chapter.steps.length) return { chapterId: chapter.id, stepIndex: next };
  const neighbour = book[chapterIndex(chapter.id) + delta];
  if (!neighbour) return state;
  return { chapterId: neighbour.id, stepIndex: delta > 0 ? 0 : neighbour.steps.length - 1 };
}

export function isFirstStep(state: NavigationState): boolean {
  return chapterIndex(state.chapterId) <= 0 && state.stepIndex === 0;
}

export function isLastStep(state: NavigationState): boolean {
  const last = book[book.length - 1];
  return state.chapterId === last.id && state.stepIndex === last.steps.length - 1;
}
