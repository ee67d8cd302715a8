import { numberKnob, textKnob, toggleKnob } from '../../state/knobs';
import { defineChapter } from '../card';

// Generation, built step by step (README.md lists which points of issue 14 are done). The branch the reader walked
// is a knob, so a shared link replays the same tokens.
export const generation = defineChapter({
  id: 'generation',
  title: 'Generation',
  summary: 'One token at a time: guess, step, play and branch a generation; reshape the draw; compare checkpoints; count what each token costs.',
  concept: 'probability',
  steps: [
    { id: 'guess', title: 'Which token comes next?' },
    { id: 'step', title: 'One token at a time' },
    { id: 'decoding', title: 'Greedy, temperature, top-k, top-p, min-p' },
    { id: 'temperature', title: 'Temperature as a curve; why greedy repeats itself' },
    { id: 'compare', title: 'Checkpoints compared' },
    { id: 'cost', title: 'What each token costs' },
  ],
  sharedKnobs: ['prompt', 'temperature', 'seed'],
  knobs: {
    greedy: toggleKnob({
      label: 'Greedy: always take the likeliest token',
      help: 'Ignores temperature and the cuts below; the same prompt then always gives the same text.',
      default: false,
    }),
    topK: numberKnob({
      label: 'Top-k',
      help: 'Keep only the k likeliest tokens; 0 keeps them all.',
      min: 0,
      max: 100,
      step: 1,
      default: 0,
    }),
    topP: numberKnob({
      label: 'Top-p',
      help: 'Keep the fewest likeliest tokens whose probabilities add up to at least p; 1 keeps them all.',
      min: 0.05,
      max: 1,
      step: 0.05,
      default: 1,
    }),
    minP: numberKnob({
      label: 'Min-p',
      help: 'Keep only tokens at least this fraction as likely as the likeliest; 0 keeps them all.',
      min: 0,
      max: 0.5,
      step: 0.01,
      default: 0,
    }),
    genMaxLength: numberKnob({
      label: 'Maximum length (tokens per play)',
      help: 'Play stops after this many new tokens: every real system has such a limit.',
      min: 1,
      max: 200,
      step: 1,
      default: 10,
    }),
    genStop: textKnob({
      label: 'Stop sequence',
      help: 'Play stops as soon as the drawn text contains this (e.g. a full stop); empty: no stop sequence.',
      maxLength: 20,
      default: '',
    }),
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
