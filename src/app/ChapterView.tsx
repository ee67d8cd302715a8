// Shows the current chapter: its title and its steps. Reading mode shows every step and scrolls to the current
// one; projector mode shows the current step alone. Ready chapters load their code on demand.
import { Component, Suspense, use, useEffect, useRef, type ReactNode } from 'react';
import { chapterIndex, chapters, findChapter, type Chapter, type ChapterModule, type ReadyChapter } from '../chapters';
import { ComingChapterStep } from '../components/ComingChapterStep';
import { useStore } from '../state/store';

const modules = new Map<string, Promise<ChapterModule>>();
function loadChapter(chapter: ReadyChapter): Promise<ChapterModule> {
  let promise = modules.get(chapter.id);
  if (!promise) {
    promise = chapter.load();
    promise.catch(() => modules.delete(chapter.id)); // a failed load (offline, new build) may be retried
    modules.set(chapter.id, promise);
  }
  return promise;
}

export function ChapterView() {
  const chapterId = useStore((s) => s.chapterId);
  const chapter = findChapter(chapterId) ?? chapters[0];
  const headingRef = useRef<HTMLHeadingElement>(null);
  const isFirstRender = useRef(true);

  // Moving to another chapter moves focus to its title, so screen readers announce it and Tab starts there.
  useEffect(() => {
    if (isFirstRender.current) {
      isFirstRender.current = false;
      return;
    }
    headingRef.current?.focus({ preventScroll: true });
  }, [chapter.id]);

  return (
    <article className="chapter" aria-labelledby="chapter-title" data-chapter={chapter.id}>
      <header className="chapter-header">
        <p className="chapter-number">
          Chapter {chapterIndex(chapter.id) + 1} of {chapters.length}
          {chapter.status === 'coming' && <span className="badge">coming</span>}
        </p>
        <h1 id="chapter-title" tabIndex={-1} ref={headingRef}>
          {chapter.title}
        </h1>
      </header>
      <ChapterLoadBoundary key={chapter.id}>
        <Suspense fallback={<p role="status">Loading the chapter…</p>}>
          <ChapterSteps chapter={chapter} />
        </Suspense>
      </ChapterLoadBoundary>
    </article>
  );
}

function ChapterSteps({ chapter }: { chapter: Chapter }) {
  const stepIndex = useStore((s) => s.stepIndex);
  const projector = useStore((s) => s.projector);
  const module = chapter.status === 'ready' ? use(loadChapter(chapter)) : null;
  return (
    <>
      {chapter.steps.map((step, i) => {
        if (projector && i !== stepIndex) return null;
        const Content = module?.steps[step.id];
        return (
          <StepSection key={step.id} id={step.id} title={step.title} isCurrent={i === stepIndex} index={i}>
            {chapter.status === 'coming' ? (
              <ComingChapterStep chapter={chapter} />
            ) : Content ? (
              <Content />
            ) : (
              <p>This step has no content yet.</p>
            )}
          </StepSection>
        );
      })}
    </>
  );
}

function StepSection(props: { id: string; title: string; index: number; isCurrent: boolean; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!props.isCurrent || !ref.current) return;
    const reducedMotion = useStore.getState().reducedMotion;
    if (props.index === 0) window.scrollTo?.({ top: 0, behavior: 'instant' });
    else ref.current.scrollIntoView?.({ behavior: reducedMotion ? 'instant' : 'smooth', block: 'start' });
  }, [props.isCurrent, props.index]);
  return (
    <section
      ref={ref}
      id={`step-${props.id}`}
      className="step"
      aria-labelledby={`step-${props.id}-title`}
      aria-current={props.isCurrent ? 'step' : undefined}
    >
      <h2 id={`step-${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

class ChapterLoadBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="notice notice-error">
        <p>This chapter could not be loaded: {this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
