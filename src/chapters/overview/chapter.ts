import { numberKnob } from '../../state/knobs';
import { defineChapter } from '../card';

export const overview = defineChapter({
  id: 'overview',
  title: 'Overview',
  summary: 'The whole pipeline on your own prompt, computed now by a small model in your browser.',
  concept: 'token',
  steps: [
    { id: 'learning', title: 'Learning from texts' },
    { id: 'context', title: 'Understanding context' },
    { id: 'generating', title: 'Generating a response' },
    { id: 'refining', title: 'Refining answers' },
    { id: 'pipeline', title: 'Try it: the whole pipeline' },
    { id: 'real', title: 'What is real here' },
  ],
  sharedKnobs: ['prompt', 'temperature', 'seed'],
  knobs: {
    focus: numberKnob({
      label: 'Token whose attention is shown',
      help: 'Pick a token in the prompt to see which earlier tokens it looks at; −1 means the last one.',
      min: -1,
      max: 1023,
      step: 1,
      default: -1,
    }),
  },
});
