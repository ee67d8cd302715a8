// Shows the current chapter: its title and its steps. Reading mode shows every step, scrolls to the current one,
// and makes the step the reader scrolls to the current one (so the step bar, Next and share links follow them);
// projector mode shows the current step alone. A chapter's code is loaded on demand, found by its folder; a failed
// download is said once, with a button to try again, never retried in a loop.
import { Component, Suspense, use, useEffect, useRef, type ReactNode } from 'react';
import type { ChapterCard, ChapterModule } from '../chapters/card';
import { ComingChapterStep } from '../components/ComingChapterStep';
import { book, chapterIndex, findChapter } from '../state/book';
import { useStore } from '../state/store';
import { chapterLoader, isChapterReady } from './chapterModules';
import { useFollowScroll } from './useFollowScroll';

// One download per chapter per page: a failed one stays failed (and shown) until the reader asks again.
const modules = new Map<string, Promise<ChapterModule>>();
function loadChapter(id: string): Promise<ChapterModule> {
  let promise = modules.get(id);
  if (!promise) {
    promise = chapterLoader(id)!();
    modules.set(id, promise);
  }
  return promise;
}

export function ChapterView() {
  const chapterId = useStore((s) => s.chapterId);
  const chapter = findChapter(chapterId) ?? book[0];
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

  const isReady = isChapterReady(chapter.id);
  return (
    <article className="chapter" aria-labelledby="chapter-title" data-chapter={chapter.id}>
      <header className="chapter-header">
        <p className="chapter-number">
          Chapter {chapterIndex(chapter.id) + 1} of {book.length}
          {!isReady && <span className="badge">coming</span>}
        </p>
        <h1 id="chapter-title" tabIndex={-1} ref={headingRef}>
          {chapter.title}
        </h1>
      </header>
      <ChapterLoadBoundary key={chapter.id} chapterId={chapter.id}>
        <Suspense fallback={<p role="status">Loading the chapter…</p>}>
          {isReady ? <ReadyChapterSteps chapter={chapter} /> : <Steps chapter={chapter} module={null} />}
        </Suspense>
      </ChapterLoadBoundary>
    </article>
  );
}

function ReadyChapterSteps({ chapter }: { chapter: ChapterCard }) {
  return <Steps chapter={chapter} module={use(loadChapter(chapter.id))} />;
}

function Steps({ chapter, module }: { chapter: ChapterCard; module: ChapterModule | null }) {
  const stepIndex = useStore((s) => s.stepIndex);
  const projector = useStore((s) => s.projector);
  useFollowScroll(!projector && chapter.steps.length > 1);
  return (
    <>
      {chapter.steps.map((step, i) => {
        if (projector && i !== stepIndex) return null;
        const Content = module?.steps[step.id];
        return (
          <StepSection key={step.id} id={step.id} title={step.title} isCurrent={i === stepIndex} index={i}>
            {!module ? <ComingChapterStep chapter={chapter} /> : Content ? <Content /> : <p>This step has no content yet.</p>}
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
    const { reducedMotion, followedScroll } = useStore.getState();
    if (followedScroll) return; // the reader is already looking at it
    // useFollowScroll knows this scroll is the page's: the store's change to this step said so.
    if (props.index === 0) window.scrollTo?.({ top: 0, behavior: 'instant' });
    else ref.current.scrollIntoView?.({ behavior: reducedMotion ? 'instant' : 'smooth', block: 'start' });
  }, [props.isCurrent, props.index]);
  return (
    <section
      ref={ref}
      id={`step-${props.id}`}
      className="step"
      data-step-index={props.index}
      aria-labelledby={`step-${props.id}-title`}
      aria-current={props.isCurrent ? 'step' : undefined}
    >
      <h2 id={`step-${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

class ChapterLoadBoundary extends Component<{ chapterId: string; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  private retry = () => {
    modules.delete(this.props.chapterId);
    this.setState({ error: null });
  };
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="notice notice-error">
        <p>
          This chapter could not be loaded ({this.state.error.message}). The connection may be down, or the site was
          updated since this page opened; nothing you made is lost.
        </p>
        <div className="button-row">
          <button type="button" onClick={this.retry}>
            Try again
          </button>
          <button type="button" onClick={() => location.reload()}>
            Reload the page
          </button>
        </div>
      </div>
    );
  }
}
