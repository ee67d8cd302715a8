// A link to another chapter (or one of its steps) that keeps the reader's knobs, so their prompt goes along.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { findChapter } from '../state/book';
import { selectHashState } from '../state/actions';
import { useStore } from '../state/store';
import { formatHash } from '../state/urlHash';

export function ChapterLink({ to, step, children }: { to: string; step?: string; children: ReactNode }) {
  const view = useStore(useShallow(selectHashState));
  const chapter = findChapter(to);
  if (!chapter) throw new Error(`ChapterLink: no chapter "${to}" in the registry`);
  const stepIndex = Math.max(0, chapter.steps.findIndex((s) => s.id === step));
  return <a href={formatHash({ ...view, chapterId: chapter.id, stepIndex })}>{children}</a>;
}
