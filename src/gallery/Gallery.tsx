// The figure kit's gallery (gallery.html): every figure on sample data, in light or dark, reading or projector
// size, at full width or a phone's 360 px. For developers and for the e2e spec that screenshots and audits it.
import { useEffect, useState } from 'react';
import { applyPalette, type Theme } from '../viz/palette';
import { VizThemeProvider } from '../viz/theme';
import { ArcsDemo, BarsDemo, HeatmapDemo, LineDemo, ManyHeatmapsDemo, ScatterDemo } from './Demos';

const params = new URLSearchParams(location.search);
const prefersReducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function Gallery() {
  const [theme, setTheme] = useState<Theme>(params.get('theme') === 'dark' ? 'dark' : 'light');
  const [projector, setProjector] = useState(params.has('projector'));

  useEffect(() => {
    const root = document.documentElement;
    applyPalette(root, theme, projector);
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
    root.toggleAttribute('data-projector', projector);
  }, [theme, projector]);

  const demos = [
    ['Line chart', LineDemo],
    ['Scatter map', ScatterDemo],
    ['Heat map', HeatmapDemo],
    ['Heat maps, sixteen at once', ManyHeatmapsDemo],
    ['Arcs', ArcsDemo],
    ['Bars', BarsDemo],
  ] as const;

  return (
    <main className="gallery">
      <h1>Figure kit gallery</h1>
      <p>
        Every figure of <code>src/viz</code> on <strong>sample data</strong>: made-up numbers from a seeded random
        generator, not the engine's. Each says so in its label.
      </p>
      <fieldset className="gallery-settings">
        <legend>Show the figures</legend>
        <label>
          <input type="checkbox" checked={theme === 'dark'} onChange={(e) => setTheme(e.target.checked ? 'dark' : 'light')} /> Dark theme
        </label>
        <label>
          <input type="checkbox" checked={projector} onChange={(e) => setProjector(e.target.checked)} /> Projector size
        </label>
      </fieldset>
      <VizThemeProvider theme={theme} projector={projector} reducedMotion={prefersReducedMotion}>
        {demos.map(([title, Demo]) => (
          <section key={title} className="gallery-section" aria-labelledby={`demo-${title.replace(/\W+/g, '-')}`}>
            <h2 id={`demo-${title.replace(/\W+/g, '-')}`}>{title}</h2>
            <Demo />
          </section>
        ))}
      </VizThemeProvider>
    </main>
  );
}
