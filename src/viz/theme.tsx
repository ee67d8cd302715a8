// The look every figure draws with: theme, projector mode and reduced motion, handed down by a React context so
// figures never read the app's store (src/viz imports nothing above it). The app shell provides it once:
//
//   <VizThemeProvider theme={theme} projector={projector} reducedMotion={reducedMotion}>…</VizThemeProvider>
//
// A figure outside any provider draws in the light theme at reading size with motion allowed.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { conceptColour, projectorSurfaces, surfaces, type Concept, type Surfaces, type Theme } from './palette';

export interface VizThemeSettings {
  theme: Theme;
  projector: boolean;
  reducedMotion: boolean;
}

export interface VizTheme extends VizThemeSettings {
  /** The page's colours for this theme (projector mode: pure black and white). */
  page: Surfaces;
  /** A concept's colour in this theme: `fill` for marks, `ink` for text and thin lines, `wash` for backgrounds. */
  colour: (concept: Concept, shade?: 'fill' | 'ink' | 'wash') => string;
  /** Font size in CSS pixels for axis labels and marks' text; larger in projector mode. */
  fontSize: number;
  /** How long a transition runs, in ms: 0 when the reader asked for reduced motion. */
  transitionMs: number;
}

export function makeVizTheme({ theme, projector, reducedMotion }: VizThemeSettings): VizTheme {
  return {
    theme,
    projector,
    reducedMotion,
    page: projector ? projectorSurfaces[theme] : surfaces[theme],
    colour: (concept, shade = 'fill') => conceptColour(concept, theme, shade),
    fontSize: projector ? 18 : 12,
    transitionMs: reducedMotion ? 0 : 250,
  };
}

const VizThemeContext = createContext<VizTheme>(makeVizTheme({ theme: 'light', projector: false, reducedMotion: false }));

interface VizThemeProviderProps extends Partial<VizThemeSettings> {
  children: ReactNode;
}

export function VizThemeProvider({ theme = 'light', projector = false, reducedMotion = false, children }: VizThemeProviderProps) {
  const value = useMemo(() => makeVizTheme({ theme, projector, reducedMotion }), [theme, projector, reducedMotion]);
  return <VizThemeContext.Provider value={value}>{children}</VizThemeContext.Provider>;
}

export function useVizTheme(): VizTheme {
  return useContext(VizThemeContext);
}
