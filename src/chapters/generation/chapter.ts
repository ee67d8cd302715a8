import { defineChapter } from '../card';

// Not built yet: until this folder has a Chapter.tsx the book shows the promises below on one "coming" page.
export const generation = defineChapter({
  id: 'generation',
  title: 'Generation',
  summary: 'Sampling the next token: temperature, top-k, top-p and seeds.',
  concept: 'probability',
  steps: [{ id: 'coming', title: 'What this chapter will let you do' }],
  sharedKnobs: [],
  knobs: {},
  willLetYou: [
    'See the full next-token distribution and change temperature, top-k and top-p on it.',
    'Generate text token by token, with the same seed giving the same text.',
  ],
});
