// The chapter registry: the ONE place chapter order lives. Navigation, the table of contents, the URL hash and the
// tests all read this list. Each ready chapter's content is a lazily loaded module whose steps match `steps` here.
import type { ComponentType } from 'react';
import type { Concept } from '../viz/palette';

export interface StepMeta {
  /** Stable slug used in the URL hash (`#/attention/heads`); never reuse one for different content. */
  id: string;
  title: string;
}

/** What a built chapter module exports: one component per step id listed in its registry entry. */
export interface ChapterModule {
  steps: Record<string, ComponentType>;
}

interface ChapterBase {
  id: string;
  title: string;
  /** One line for the table of contents. */
  summary: string;
  /** The concept whose colour marks this chapter in the table of contents. */
  concept: Concept;
}

export interface ReadyChapter extends ChapterBase {
  status: 'ready';
  steps: readonly StepMeta[];
  load: () => Promise<ChapterModule>;
}

export interface ComingChapter extends ChapterBase {
  status: 'coming';
  steps: readonly StepMeta[];
  /** What the chapter will let the reader do, in the future tense; shown on its "coming" page. */
  willLetYou: readonly string[];
}

export type Chapter = ReadyChapter | ComingChapter;

const comingStep: readonly StepMeta[] = [{ id: 'coming', title: 'What this chapter will let you do' }];

export const chapters: readonly Chapter[] = [
  {
    id: 'overview',
    title: 'Overview',
    summary: 'The whole pipeline on your own prompt, computed now by a small model in your browser.',
    concept: 'token',
    status: 'ready',
    steps: [
      { id: 'learning', title: 'Learning from texts' },
      { id: 'context', title: 'Understanding context' },
      { id: 'generating', title: 'Generating a response' },
      { id: 'refining', title: 'Refining answers' },
      { id: 'pipeline', title: 'Try it: the whole pipeline' },
      { id: 'real', title: 'What is real here' },
    ],
    load: () => import('./overview/Chapter'),
  },
  {
    id: 'tokenization',
    title: 'Tokenization',
    summary: 'How text becomes numbers: characters, bytes and byte-pair merges.',
    concept: 'token',
    status: 'coming',
    steps: comingStep,
    willLetYou: [
      'Type any text, emoji or script and see it cut into tokens, each with its id.',
      'Train a byte-pair tokenizer on Shakespeare and replay its merges one at a time.',
      'Compare our tokenizer with the ones GPT-2 and GPT-4o use on the same sentence.',
    ],
  },
  {
    id: 'embeddings',
    title: 'Embeddings & position',
    summary: 'Each token becomes a vector; position is added so order matters.',
    concept: 'vector',
    status: 'coming',
    steps: comingStep,
    willLetYou: [
      'See the vector our model learned for each token and which tokens sit near each other.',
      'Switch between learned, sinusoidal, rotary and no position information, and see what the model loses.',
    ],
  },
  {
    id: 'attention',
    title: 'Attention',
    summary: 'How each token looks back at earlier ones: queries, keys, values and heads.',
    concept: 'attention',
    status: 'coming',
    steps: comingStep,
    willLetYou: [
      'Pick a token and see which earlier tokens each head attends to, computed on your text.',
      'Follow one attention step through queries, keys, scores, softmax and values.',
      'Switch heads off and see how the next-token probabilities change.',
    ],
  },
  {
    id: 'training',
    title: 'Training',
    summary: 'Watch the loss fall as the model learns to predict the next token.',
    concept: 'loss',
    status: 'coming',
    steps: comingStep,
    willLetYou: [
      'Train a small model in your browser and watch its loss fall, step by step.',
      'Change the learning rate, batch size and model size, and compare the curves.',
      'Read samples from the model as it learns, from noise to Shakespeare-flavoured English.',
    ],
  },
  {
    id: 'rlhf',
    title: 'RLHF',
    summary: 'Refining answers with human preferences: a reward model and PPO.',
    concept: 'reward',
    status: 'coming',
    steps: comingStep,
    willLetYou: [
      'Rate pairs of answers yourself and train a reward model on your ratings.',
      'Fine-tune the model with PPO against that reward and see its answers shift, and what it forgets.',
    ],
  },
  {
    id: 'generation',
    title: 'Generation',
    summary: 'Sampling the next token: temperature, top-k, top-p and seeds.',
    concept: 'probability',
    status: 'coming',
    steps: comingStep,
    willLetYou: [
      'See the full next-token distribution and change temperature, top-k and top-p on it.',
      'Generate text token by token, with the same seed giving the same text.',
    ],
  },
];

export type ChapterId = string;

export function findChapter(id: string): Chapter | undefined {
  return chapters.find((c) => c.id === id);
}

export function chapterIndex(id: string): number {
  return chapters.findIndex((c) => c.id === id);
}
