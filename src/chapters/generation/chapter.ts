import { textKnob } from '../../state/knobs';
import { defineChapter } from '../card';

// Generation, built step by step (README.md lists which points of issue 14 are done). The branch the reader walked
// is a knob, so a shared link replays the same tokens.
export const generation = defineChapter({
  id: 'generation',
  title: 'Generation',
  summary: 'One token at a time: guess the next token, then step, play and branch a generation on your prompt.',
  concept: 'probability',
  steps: [
    { id: 'guess', title: 'Which token comes next?' },
    { id: 'step', title: 'One token at a time' },
  ],
  sharedKnobs: ['prompt', 'temperature', 'seed'],
  knobs: {
    branch: textKnob({
      label: 'Generated token ids',
      help: 'The token ids generated after your prompt, comma-separated; a shared link replays the same branch.',
      maxLength: 2000,
      default: '',
    }),
  },
  willLetYou: [
    'See the full next-token distribution and change temperature, top-k and top-p on it.',
    'Generate text token by token, with the same seed giving the same text.',
  ],
});
