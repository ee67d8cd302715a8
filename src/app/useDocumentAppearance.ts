// Puts the store's look onto the document: palette custom properties, theme and projector attributes,
// and follows the system's reduced-motion setting as it changes.
import { useEffect } from 'react';
import { setReducedMotion } from '../state/actions';
import { useStore } from '../state/store';
import { applyPalette } from '../viz/palette';

export function useDocumentAppearance(): void {
  const theme = useStore((s) => s.theme);
  const projector = useStore((s) => s.projector);
  const reducedMotion = useStore((s) => s.reducedMotion);

  useEffect(() => {
    const root = document.documentElement;
    applyPalette(root, theme, projector);
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
    root.toggleAttribute('data-projector', projector);
    root.toggleAttribute('data-reduced-motion', reducedMotion);
  }, [theme, projector, reducedMotion]);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia('(prefers-reduced-motion: reduce)');
    const follow = () => setReducedMotion(query.matches);
    query.addEventListener?.('change', follow);
    return () => query.removeEventListener?.('change', follow);
  }, []);
}
