// The positional schemes the chapter compares: their names and colours, the recipe each adds to the stored model
// shape, and the label a live retrain writes into its file, by which the chapter finds that model in the lab again
// after a reload (the lab's own name is the reader's to change; the file's label is not).
import type { PositionalScheme } from '../../engine/model/gptConfig';
import type { Concept } from '../../viz/palette';

export type SchemeId = 'none' | 'learned' | 'sinusoidal' | 'sinusoidal-scaled' | 'rope';

export interface SchemeRecipe {
  positional: PositionalScheme;
  /** Token vectors times √C before positions are added (GPTConfig.scaleTokens). */
  scaleTokens?: true;
}

export const schemeRecipes: Record<SchemeId, SchemeRecipe> = {
  none: { positional: 'none' },
  learned: { positional: 'learned' },
  sinusoidal: { positional: 'sinusoidal' },
  'sinusoidal-scaled': { positional: 'sinusoidal', scaleTokens: true },
  rope: { positional: 'rope' },
};

export const schemeNames: Record<SchemeId, string> = {
  none: 'none',
  learned: 'learned table (GPT-2)',
  sinusoidal: 'sinusoids added as they are',
  'sinusoidal-scaled': 'sinusoids, tokens ×√C (the 2017 paper)',
  rope: 'RoPE (rotary)',
};

// Five schemes on the colour-blind-safe palette; dashes tell the stored curves from the reader's runs.
export const schemeConcepts: Record<SchemeId, Concept> = {
  none: 'reward', learned: 'position', sinusoidal: 'probability', 'sinusoidal-scaled': 'token', rope: 'attention',
};

export const isSchemeId = (id: unknown): id is SchemeId => typeof id === 'string' && Object.hasOwn(schemeRecipes, id);

/** A stored run's id: files written before ids existed named runs by their scheme alone. */
export const runId = (run: { id?: string; positional: string }): SchemeId | null => {
  const id = run.id ?? run.positional;
  return isSchemeId(id) ? id : null;
};

const fileLabelEnd = ' positions, retrained live';
/** The label written into a live retrain's file ("rope positions, retrained live"). */
export const schemeFileLabel = (id: SchemeId) => `${id}${fileLabelEnd}`;
/** The scheme of a lab model made by a live retrain, from its file's label; null for any other model. */
export function schemeOfFileLabel(label: string): SchemeId | null {
  if (!label.endsWith(fileLabelEnd)) return null;
  const id = label.slice(0, -fileLabelEnd.length);
  return isSchemeId(id) ? id : null;
}
