// One colour per concept, used by every chapter, figure and stylesheet (CSS reads the same values as custom
// properties). Hues follow the Okabe–Ito colour-blind-safe set; each concept has a `fill` for marks and an `ink`
// shade for text and thin lines that keeps 4.5:1 contrast on its theme's background (checked in palette.test.ts).

export type Theme = 'light' | 'dark';

export const concepts = ['token', 'vector', 'position', 'attention', 'probability', 'loss', 'reward'] as const;
export type Concept = (typeof concepts)[number];

interface ConceptColours {
  /** Marks: bars, cells, token chips, heat-map maxima. */
  fill: string;
  /** Text and 1–2 px lines in this concept's colour. */
  ink: string;
  /** A faint wash for backgrounds of chips and highlighted rows. */
  wash: string;
}

/** What each concept means to the reader; shown in the legend so the colour is never the only cue. */
export const conceptLabels: Record<Concept, string> = {
  token: 'tokens',
  vector: 'vectors (embeddings)',
  position: 'positions',
  attention: 'attention',
  probability: 'probabilities',
  loss: 'loss',
  reward: 'reward',
};

// Okabe–Ito hues: orange, blue, yellow, bluish green, reddish purple, vermillion, sky blue.
const palettes: Record<Theme, Record<Concept, ConceptColours>> = {
  light: {
    token: { fill: '#E69F00', ink: '#8A5300', wash: '#FCEFD2' },
    vector: { fill: '#0072B2', ink: '#005A8C', wash: '#DCEBF5' },
    position: { fill: '#F0E442', ink: '#6B6200', wash: '#F8F4C6' },
    attention: { fill: '#009E73', ink: '#00704F', wash: '#D7F0E8' },
    probability: { fill: '#CC79A7', ink: '#9A3A70', wash: '#F6E3EE' },
    loss: { fill: '#D55E00', ink: '#A84700', wash: '#F9E2D2' },
    reward: { fill: '#56B4E9', ink: '#1F6C99', wash: '#E0F1FB' },
  },
  dark: {
    token: { fill: '#E69F00', ink: '#F5C04A', wash: '#3A2C0E' },
    vector: { fill: '#3F7FE0', ink: '#7CC0F0', wash: '#11293A' },
    position: { fill: '#F0E442', ink: '#F0E442', wash: '#35321A' },
    attention: { fill: '#1DB98C', ink: '#5FD6B0', wash: '#0F3028' },
    probability: { fill: '#CC79A7', ink: '#E7A6CB', wash: '#3A2231' },
    loss: { fill: '#E8742A', ink: '#FF9E63', wash: '#3D2314' },
    reward: { fill: '#56B4E9', ink: '#8CCEF4', wash: '#15303F' },
  },
};

/** Page colours per theme; projector mode pushes these to full black/white for the highest contrast. */
export interface Surfaces {
  background: string;
  text: string;
  muted: string;
  /** Borders of controls and panels: at least 3:1 against the background (WCAG non-text contrast). */
  rule: string;
  panel: string;
  link: string;
}

export const surfaces: Record<Theme, Surfaces> = {
  light: { background: '#FFFFFF', text: '#1A1A1A', muted: '#555555', rule: '#8A8A8A', panel: '#F4F4F2', link: '#0B57D0' },
  dark: { background: '#121212', text: '#EDEDED', muted: '#B0B0B0', rule: '#8A8A8A', panel: '#1E1E1E', link: '#8AB4F8' },
};

/** Projector mode: pure black on white (or white on black), muted text and rules at full strength. */
export const projectorSurfaces: Record<Theme, Surfaces> = {
  light: { background: '#FFFFFF', text: '#000000', muted: '#000000', rule: '#000000', panel: '#FFFFFF', link: '#0038A8' },
  dark: { background: '#000000', text: '#FFFFFF', muted: '#FFFFFF', rule: '#FFFFFF', panel: '#000000', link: '#A8CCFF' },
};

export function conceptColour(concept: Concept, theme: Theme, shade: keyof ConceptColours = 'fill'): string {
  return palettes[theme][concept][shade];
}

/** CSS custom properties for a theme: --c-<concept>, --c-<concept>-ink, --c-<concept>-wash, --surface-*, --link. */
export function paletteCssVariables(theme: Theme, projector = false): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const c of concepts) {
    const colours = palettes[theme][c];
    vars[`--c-${c}`] = colours.fill;
    vars[`--c-${c}-ink`] = colours.ink;
    vars[`--c-${c}-wash`] = colours.wash;
  }
  const page = projector ? projectorSurfaces[theme] : surfaces[theme];
  for (const [name, value] of Object.entries(page)) vars[`--surface-${name}`] = value;
  return vars;
}

/** Writes the theme's palette onto an element (the document root), so stylesheets and canvases agree. */
export function applyPalette(element: HTMLElement, theme: Theme, projector = false): void {
  for (const [name, value] of Object.entries(paletteCssVariables(theme, projector))) element.style.setProperty(name, value);
}
