// The table of contents: every chapter in registry order, as real links (they open in a new tab too), with the
// current chapter marked. On narrow screens it is a drawer opened from the header.
import { useShallow } from 'zustand/react/shallow';
import { selectHashState, setTocOpen } from '../state/actions';
import { book } from '../state/book';
import { useStore } from '../state/store';
import { formatHash } from '../state/urlHash';
import { isChapterReady } from './chapterModules';

export function TableOfContents() {
  const current = useStore((s) => s.chapterId);
  const isOpen = useStore((s) => s.tocOpen);
  const linkState = useStore(useShallow(selectHashState));
  return (
    <nav id="toc" className="toc" aria-label="Chapters" data-open={isOpen || undefined}>
      <ol>
        {book.map((chapter, i) => (
          <li key={chapter.id} data-concept={chapter.concept}>
            <a
              href={formatHash({ ...linkState, chapterId: chapter.id, stepIndex: 0 })}
              aria-current={chapter.id === current ? 'page' : undefined}
              onClick={() => setTocOpen(false)}
            >
              <span className="toc-number" aria-hidden="true">
                {i + 1}
              </span>
              <span className="toc-title">{chapter.title}</span>
              {!isChapterReady(chapter.id) && <span className="toc-badge">coming</span>}
            </a>
            <p className="toc-summary">{chapter.summary}</p>
          </li>
        ))}
      </ol>
    </nav>
  );
}
