// What a chapter is, as data: its card (id, title, summary, colour, steps and knobs) lives in
// `chapters/<id>/chapter.ts`, and its React code in `chapters/<id>/Chapter.tsx`, which the app finds by folder and
// loads on demand. A chapter whose folder has no Chapter.tsx yet is shown as "coming", with its card's promises.
import type { ComponentType } from 'react';
import type { KnobSpec } from '../state/knobs';
import type { Concept } from '../viz/palette';

export interface StepMeta {
  /** Stable slug used in the URL hash (`#/attention/heads`); never reuse one for different content. */
  readonly id: string;
  readonly title: string;
}

/** Knobs shared by several chapters (state/knobTable.ts); a chapter names the ones it shows. */
export type SharedKnobId = 'prompt' | 'temperature' | 'seed';

export interface ChapterCard {
  readonly id: string;
  readonly title: string;
  /** One line for the table of contents. */
  readonly summary: string;
  /** The concept whose colour marks this chapter in the table of contents. */
  readonly concept: Concept;
  readonly steps: readonly StepMeta[];
  /** This chapter's own knobs, in the URL hash; their names must not clash with any other chapter's. */
  readonly knobs: Readonly<Record<string, KnobSpec>>;
  /** Shared knobs this chapter shows (for the teacher's share panel). */
  readonly sharedKnobs: readonly SharedKnobId[];
  /** What the chapter will let the reader do, in the future tense: shown while it has no Chapter.tsx. */
  readonly willLetYou?: readonly string[];
}

/** Declares a card, keeping its literal types (step ids, knob names) for the checks below. */
export function defineChapter<const C extends ChapterCard>(card: C): C {
  return card;
}

/** What a chapter's Chapter.tsx exports: one component per step id of its card. */
export type StepsOf<C extends ChapterCard> = { [K in C['steps'][number]['id']]: ComponentType };

export interface ChapterModule {
  steps: Record<string, ComponentType>;
}
