import { defineChapter } from '../card';

// Not built yet: until this folder has a Chapter.tsx the book shows the promises below on one "coming" page.
export const embeddings = defineChapter({
  id: 'embeddings',
  title: 'Embeddings & position',
  summary: 'Each token becomes a vector; position is added so order matters.',
  concept: 'vector',
  steps: [{ id: 'coming', title: 'What this chapter will let you do' }],
  sharedKnobs: [],
  knobs: {},
  willLetYou: [
    'See the vector our model learned for each token and which tokens sit near each other.',
    'Switch between learned, sinusoidal, rotary and no position information, and see what the model loses.',
  ],
});
