import { numberKnob, textKnob } from '../../state/knobs';
import { defineChapter } from '../card';

// Attention (issue 11): every head on the reader's text, one head's arithmetic with its real numbers, what heads do
// (measured), and what the model loses without them. Layer, head and query are counted from 1 for the reader; the
// heads switched off are a list like "1.2, 3.4" (layer.head), so a teacher's link tells exactly one head's story.
export const attention = defineChapter({
  id: 'attention',
  title: 'Attention',
  summary: 'How each token looks back at earlier ones: every head on your text, one head step by step, and what breaks without them.',
  concept: 'attention',
  steps: [
    { id: 'grid', title: 'Every head at a glance' },
    { id: 'step', title: 'One head, step by step' },
    { id: 'roles', title: 'What heads do, measured' },
    { id: 'ablate', title: 'Switch heads off' },
    { id: 'none', title: 'Without attention at all' },
  ],
  sharedKnobs: ['prompt', 'seed'],
  knobs: {
    attLayer: numberKnob({
      label: 'Layer',
      help: 'Which layer the enlarged head and the step-through come from, counted from 1.',
      min: 1,
      max: 64,
      step: 1,
      default: 1,
    }),
    attHead: numberKnob({
      label: 'Head',
      help: 'Which head of that layer, counted from 1.',
      min: 1,
      max: 64,
      step: 1,
      default: 1,
    }),
    attQuery: numberKnob({
      label: 'Query token',
      help: 'The token whose attention is followed, by position from 1; 0 means the last token of your text.',
      min: 0,
      max: 4096,
      step: 1,
      default: 0,
    }),
    attOff: textKnob({
      label: 'Heads switched off',
      help: 'Layer.head pairs counted from 1, comma-separated ("1.2, 3.4"); "2.*" switches off all of layer 2.',
      maxLength: 2000,
      default: '',
    }),
  },
});
