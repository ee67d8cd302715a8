// The top bar: title, the contents drawer button (narrow screens), theme, projector mode and sharing.
import { useState } from 'react';
import { setProjector, setTocOpen, toggleTheme } from '../state/actions';
import { useStore } from '../state/store';
import { SharePanel } from './SharePanel';

export function Header() {
  const theme = useStore((s) => s.theme);
  const projector = useStore((s) => s.projector);
  const tocOpen = useStore((s) => s.tocOpen);
  const [shareOpen, setShareOpen] = useState(false);
  return (
    <header className="site-header">
      <div className="site-header-bar">
        <button
          type="button"
          className="toc-toggle"
          aria-expanded={tocOpen}
          aria-controls="toc"
          onClick={() => setTocOpen(!tocOpen)}
        >
          Contents
        </button>
        <p className="site-title">
          <a href="#/overview/learning">Token by Token</a>
        </p>
        <div className="site-tools">
          <button type="button" aria-pressed={theme === 'dark'} onClick={toggleTheme}>
            Dark theme
          </button>
          <button type="button" aria-pressed={projector} onClick={() => setProjector(!projector)}>
            Projector
          </button>
          <button
            type="button"
            aria-expanded={shareOpen}
            aria-controls="share-panel"
            onClick={() => setShareOpen(!shareOpen)}
          >
            Share
          </button>
        </div>
      </div>
      {shareOpen && <SharePanel id="share-panel" />}
    </header>
  );
}
