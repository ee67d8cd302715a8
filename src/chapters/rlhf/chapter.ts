import { defineChapter } from '../card';

// Not built yet: until this folder has a Chapter.tsx the book shows the promises below on one "coming" page.
export const rlhf = defineChapter({
  id: 'rlhf',
  title: 'RLHF',
  summary: 'Refining answers with human preferences: a reward model and PPO.',
  concept: 'reward',
  steps: [{ id: 'coming', title: 'What this chapter will let you do' }],
  sharedKnobs: [],
  knobs: {},
  willLetYou: [
    'Rate pairs of answers yourself and train a reward model on your ratings.',
    'Fine-tune the model with PPO against that reward and see its answers shift, and what it forgets.',
  ],
});
