// The top bar: title, the contents drawer button (narrow screens), the model lab, the engine, sharing, theme
// and projector mode. One panel opens at a time, under the bar.
import { useState } from 'react';
import { setProjector, setTocOpen, toggleTheme } from '../state/actions';
import { useStore } from '../state/store';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { EnginePanel } from './EnginePanel';
import { ModelLabPanel } from './ModelLabPanel';
import { SharePanel } from './SharePanel';

type PanelName = 'model' | 'engine' | 'share';

export function Header() {
  const theme = useStore((s) => s.theme);
  const projector = useStore((s) => s.projector);
  const tocOpen = useStore((s) => s.tocOpen);
  const backend = useStore((s) => s.backend);
  const engineState = useStore((s) => s.engineHealth.state);
  const [panel, setPanel] = useState<PanelName | null>(null);
  const panelButton = (name: PanelName, text: string) => (
    <button type="button" aria-expanded={panel === name} aria-controls={`${name}-panel`} onClick={() => setPanel(panel === name ? null : name)}>
      {text}
    </button>
  );
  const engineLabel = engineState === 'failed' ? 'Engine: stopped' : backend ? `Engine: ${backend.name}` : 'Engine: starting';
  return (
    <header className="site-header">
      <div className="site-header-bar">
        <button type="button" className="toc-toggle" aria-expanded={tocOpen} aria-controls="toc" onClick={() => setTocOpen(!tocOpen)}>
          Contents
        </button>
        <p className="site-title">
          <a href="#/overview/learning">Token by Token</a>
        </p>
        <div className="site-tools">
          {panelButton('model', 'Model')}
          {panelButton('engine', engineLabel)}
          {panelButton('share', 'Share')}
          <button type="button" aria-pressed={theme === 'dark'} onClick={toggleTheme}>
            Dark theme
          </button>
          <button type="button" aria-pressed={projector} onClick={() => setProjector(!projector)}>
            Projector
          </button>
        </div>
      </div>
      {panel && (
        <ErrorBoundary key={panel} what={`The ${panel} panel`} actions={() => <button type="button" onClick={() => setPanel(null)}>Close the panel</button>}>
          {panel === 'model' && <ModelLabPanel id="model-panel" />}
          {panel === 'engine' && <EnginePanel id="engine-panel" />}
          {panel === 'share' && <SharePanel id="share-panel" />}
        </ErrorBoundary>
      )}
    </header>
  );
}
