// The app shell: skip link, header, table of contents, the current chapter and step navigation.
import { ErrorBoundary } from '../components/ErrorBoundary';
import { setTocOpen } from '../state/actions';
import { useStore } from '../state/store';
import { ChapterView } from './ChapterView';
import { EngineNotice } from './EngineNotice';
import { Header } from './Header';
import { StepNav } from './StepNav';
import { TableOfContents } from './TableOfContents';
import { useDocumentAppearance } from './useDocumentAppearance';
import { useKeyboardNavigation } from './useKeyboardNavigation';

export function App() {
  return (
    <ErrorBoundary what="The book" actions={() => <button type="button" onClick={() => location.reload()}>Reload the page</button>}>
      <Shell />
    </ErrorBoundary>
  );
}

function Shell() {
  useDocumentAppearance();
  useKeyboardNavigation();
  const tocOpen = useStore((s) => s.tocOpen);
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // A plain #main would be read as a chapter address; move focus instead.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to the chapter
      </a>
      <Header />
      <EngineNotice />
      <div className="layout">
        <TableOfContents />
        {tocOpen && <div className="toc-scrim" aria-hidden="true" onClick={() => setTocOpen(false)} />}
        <main id="main" tabIndex={-1}>
          <ErrorBoundary what="This chapter" actions={() => <button type="button" onClick={() => location.reload()}>Reload the page</button>}>
            <ChapterView />
          </ErrorBoundary>
          <StepNav />
        </main>
      </div>
      <footer className="site-footer">
        <p>
          Keys: <kbd>←</kbd> <kbd>→</kbd> or <kbd>Page Up</kbd> <kbd>Page Down</kbd> move between steps.
        </p>
      </footer>
    </div>
  );
}
