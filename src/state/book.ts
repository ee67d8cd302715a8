// The book as the state sees it: the chapters in order (their cards: data only, never their React code) and lookups.
import type { ChapterCard } from '../chapters/card';
import { chapters } from '../chapters';

export type Chapter = ChapterCard;
export type ChapterId = (typeof chapters)[number]['id'];

export const book: readonly Chapter[] = chapters;

export function findChapter(id: string): Chapter | undefined {
  return book.find((c) => c.id === id);
}

export function chapterIndex(id: string): number {
  return book.findIndex((c) => c.id === id);
}
