// Previous / next, one step at a time across the whole book, naming where each button goes.
import { useShallow } from 'zustand/react/shallow';
import { book, findChapter } from '../state/book';
import { nextStep, previousStep } from '../state/actions';
import { isFirstStep, isLastStep, stepBy, type NavigationState } from '../state/slices/navigation';
import { useStore } from '../state/store';

function describe(target: NavigationState, from: NavigationState): string {
  const chapter = findChapter(target.chapterId) ?? book[0];
  const step = chapter.steps[target.stepIndex];
  return target.chapterId === from.chapterId ? step.title : `${chapter.title}: ${step.title}`;
}

export function StepNav() {
  const here = useStore(useShallow((s) => ({ chapterId: s.chapterId, stepIndex: s.stepIndex })));
  const chapter = findChapter(here.chapterId) ?? book[0];
  const atStart = isFirstStep(here);
  const atEnd = isLastStep(here);
  return (
    <nav className="step-nav" aria-label="Steps">
      <button type="button" className="step-nav-previous" onClick={previousStep} disabled={atStart}>
        <span>
          <span aria-hidden="true">← </span>Previous
        </span>
        {!atStart && <span className="step-nav-target">{describe(stepBy(here, -1), here)}</span>}
      </button>
      <p className="step-nav-position" aria-live="polite">
        Step {here.stepIndex + 1} of {chapter.steps.length}
      </p>
      <button type="button" className="step-nav-next" onClick={nextStep} disabled={atEnd}>
        <span>
          Next<span aria-hidden="true"> →</span>
        </span>
        {!atEnd && <span className="step-nav-target">{describe(stepBy(here, 1), here)}</span>}
      </button>
    </nav>
  );
}
