import { choiceKnob, numberKnob, textKnob } from '../../state/knobs';
import { defineChapter } from '../card';

// RLHF, the loop run for real on the reader's model (README.md lists which points of issue 13 are done): rate
// pairs (or let a scripted classroom rater), train a reward model, PPO with a KL leash, rounds, reward hacking,
// DPO beside PPO, and deployment with a monitor. The rater's rule and PPO's β, ε and length are knobs, so a
// teacher's link sets up the same run for the whole class.
export const rlhf = defineChapter({
  id: 'rlhf',
  title: 'RLHF',
  summary: 'You are the human in the loop: rate answers, train a reward model, then PPO and DPO on your own model.',
  concept: 'reward',
  steps: [
    { id: 'rate', title: 'Rate two answers' },
    { id: 'reward', title: 'A reward model learns your taste' },
    { id: 'ppo', title: 'PPO: chase the reward on a leash' },
    { id: 'rounds', title: 'Round after round' },
    { id: 'hacking', title: 'Reward hacking' },
    { id: 'dpo', title: 'DPO: no reward model, no rollouts' },
    { id: 'deploy', title: 'Deploy and monitor' },
  ],
  sharedKnobs: ['prompt', 'seed'],
  knobs: {
    rlRule: choiceKnob({
      label: 'Classroom rater\'s rule',
      help: 'What the scripted rater prefers; its rule is shown as code beside it.',
      options: [
        { value: 'short-lines', label: 'Shorter lines' },
        { value: 'theme', label: 'Uses the theme word' },
        { value: 'mix', label: 'The theme word, in short lines' },
        { value: 'expr', label: 'My own rule (write it below)' },
      ],
      default: 'short-lines',
    }),
    rlExpr: textKnob({
      label: 'Your rule',
      help: 'Measures of the text (length, lines, wordCount, meanLineLength, rhymes) and count("…"), contains("…"), words("…", "…"), with numbers, + - * / and comparisons (1 when true).',
      maxLength: 180,
      default: '2*contains("love") - length/100',
    }),
    rlTheme: textKnob({
      label: 'Theme word',
      help: 'The word the theme rules count (any case, also inside longer words).',
      maxLength: 40,
      default: 'love',
    }),
    rlBeta: numberKnob({
      label: 'β, the KL leash',
      help: 'How much each token pays for drifting from the reference model; 0 lets the policy chase the reward anywhere.',
      min: 0,
      max: 1,
      step: 0.01,
      default: 0.1,
    }),
    rlClip: numberKnob({
      label: 'ε, the clip range',
      help: 'An update may change a token\'s probability by at most this factor (1 ± ε) before the objective stops rewarding it.',
      min: 0.05,
      max: 0.5,
      step: 0.05,
      default: 0.2,
    }),
    rlIters: numberKnob({
      label: 'PPO iterations',
      help: 'Each one: the policy answers every prompt, the reward scores the answers, and two passes of updates follow.',
      min: 2,
      max: 40,
      step: 1,
      default: 12,
    }),
  },
  willLetYou: [
    'Rate pairs of answers yourself and train a reward model on your ratings.',
    'Fine-tune the model with PPO against that reward and see its answers shift, and what it forgets.',
  ],
});
