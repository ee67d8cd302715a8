import { defineChapter } from '../card';

// Not built yet: until this folder has a Chapter.tsx the book shows the promises below on one "coming" page.
export const attention = defineChapter({
  id: 'attention',
  title: 'Attention',
  summary: 'How each token looks back at earlier ones: queries, keys, values and heads.',
  concept: 'attention',
  steps: [{ id: 'coming', title: 'What this chapter will let you do' }],
  sharedKnobs: [],
  knobs: {},
  willLetYou: [
    'Pick a token and see which earlier tokens each head attends to, computed on your text.',
    'Follow one attention step through queries, keys, scores, softmax and values.',
    'Switch heads off and see how the next-token probabilities change.',
  ],
});
