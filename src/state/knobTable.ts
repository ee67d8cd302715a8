// The one table of knobs: a few shared by several chapters (the prompt, temperature, seed) plus every chapter card's
// own. Everything that goes into the URL hash goes through it, so a copied link reproduces what its sender saw.
import type { ChapterCard, SharedKnobId } from '../chapters/card';
import { chapters } from '../chapters';
import { numberKnob, textKnob, type KnobSpec } from './knobs';

export const sharedKnobs = {
  prompt: textKnob({
    label: 'Your prompt',
    help: 'The text the model continues. It was trained on Shakespeare, so Shakespeare-like prompts work best.',
    maxLength: 400,
    default: 'ROMEO: But soft, what light',
  }),
  temperature: numberKnob({
    label: 'Temperature',
    help: 'Below 1 the likely tokens get likelier; above 1 the choice gets more adventurous; 0 always takes the likeliest (greedy).',
    min: 0,
    max: 2,
    step: 0.05,
    default: 0.8,
  }),
  seed: numberKnob({
    label: 'Random seed',
    help: 'The same seed picks the same tokens, so a shared link shows the same continuation.',
    min: 0,
    max: 9999,
    step: 1,
    default: 1,
  }),
} as const satisfies Record<SharedKnobId, KnobSpec>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type KnobTable = typeof sharedKnobs & UnionToIntersection<(typeof chapters)[number]['knobs']>;

/** Joins the shared knobs and every card's knobs; two knobs with one name are an error that names both owners. */
export function assembleKnobTable(shared: Record<string, KnobSpec>, cards: readonly ChapterCard[]): Record<string, KnobSpec> {
  const table: Record<string, KnobSpec> = { ...shared };
  const owner: Record<string, string> = Object.fromEntries(Object.keys(shared).map((id) => [id, 'the shared knobs']));
  for (const card of cards) {
    for (const [id, spec] of Object.entries(card.knobs)) {
      if (id in owner || id === 'hide' || id === 'lock' || id === 'view') {
        throw new Error(`Two knobs are named "${id}": in ${owner[id] ?? 'the URL grammar'} and in chapter "${card.id}". Rename one.`);
      }
      owner[id] = `chapter "${card.id}"`;
      table[id] = spec;
    }
  }
  return table;
}

export const knobTable = assembleKnobTable(sharedKnobs, chapters) as KnobTable;
export type KnobId = keyof KnobTable & string;
export type KnobValues = { -readonly [K in KnobId]: KnobTable[K]['default'] };
export const knobIds = Object.keys(knobTable) as KnobId[];

/** The knobs a chapter's pages show: its own and the shared ones it names. */
export function knobsOfChapter(card: ChapterCard): KnobId[] {
  return [...card.sharedKnobs, ...Object.keys(card.knobs)] as KnobId[];
}
