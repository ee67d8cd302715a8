import { defineChapter } from '../card';

// Not built yet: until this folder has a Chapter.tsx the book shows the promises below on one "coming" page.
export const training = defineChapter({
  id: 'training',
  title: 'Training',
  summary: 'Watch the loss fall as the model learns to predict the next token.',
  concept: 'loss',
  steps: [{ id: 'coming', title: 'What this chapter will let you do' }],
  sharedKnobs: [],
  knobs: {},
  willLetYou: [
    'Train a small model in your browser and watch its loss fall, step by step.',
    'Change the learning rate, batch size and model size, and compare the curves.',
    'Read samples from the model as it learns, from noise to Shakespeare-flavoured English.',
  ],
});
