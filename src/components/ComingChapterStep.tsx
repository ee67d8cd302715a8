// The honest page of a chapter that is not built yet: what it will let the reader do, and nothing pretending.
import type { ChapterCard } from '../chapters/card';

export function ComingChapterStep({ chapter }: { chapter: ChapterCard }) {
  return (
    <div className="coming">
      <p>
        This chapter is not written yet. There is no figure here on purpose: every figure in this book is computed by
        the model in your browser, and this one's code does not exist yet. When it does, it will let you:
      </p>
      <ul>
        {(chapter.willLetYou ?? []).map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
