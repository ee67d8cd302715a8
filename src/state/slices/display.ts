// How the page looks: theme, projector mode, the table-of-contents drawer on narrow screens, reduced motion.
import type { Theme } from '../../viz/palette';

export interface DisplayState {
  theme: Theme;
  projector: boolean;
  tocOpen: boolean;
  reducedMotion: boolean;
}

export const themeStorageKey = 'tbt-theme';

function matches(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

/** The saved theme if the reader chose one, otherwise the system's preference. */
export function preferredTheme(): Theme {
  try {
    const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(themeStorageKey) : null;
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage can be blocked (privacy settings); the system preference is a fine answer then.
  }
  return matches('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

export function initialDisplay(): DisplayState {
  return {
    theme: preferredTheme(),
    projector: false,
    tocOpen: false,
    reducedMotion: matches('(prefers-reduced-motion: reduce)'),
  };
}
