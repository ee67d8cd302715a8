// Finds each chapter's code by folder: `chapters/<id>/Chapter.tsx`, loaded on demand (its own chunk, its own
// styles). Neither state/ nor components/ import chapter code; a chapter without a Chapter.tsx is "coming".
import type { ChapterModule } from '../chapters/card';

const loaders = import.meta.glob<ChapterModule>('../chapters/*/Chapter.tsx');

export function chapterLoader(id: string): (() => Promise<ChapterModule>) | undefined {
  return loaders[`../chapters/${id}/Chapter.tsx`];
}

export function isChapterReady(id: string): boolean {
  return chapterLoader(id) !== undefined;
}
