// The chapter's presets as data: the prompts the policy answers, the classroom rater's rule, and the PPO settings
// sized to run in about a minute in Chromium on two loaded cores with the shipped model. `npm run rlhf:preset`
// (scripts/rlhf-preset.ts) runs the same presets in Node and prints their figures for the README.

/** Openings of speeches, as the shipped Shakespeare model knows them: the policy writes what follows. */
export const PROMPTS = ['ROMEO:\n', 'JULIET:\n', 'KING RICHARD III:\n', 'First Citizen:\n', 'MENENIUS:\n', 'QUEEN ELIZABETH:\n', 'DUKE VINCENTIO:\n', 'LUCIO:\n'];

/** Shown before and after training, with the same seeds, so the differences are the model's. */
export const FIXED_PROMPTS = ['ROMEO:\n', 'First Citizen:\n', 'QUEEN ELIZABETH:\n'];

export const CLASSROOM_RULES = ['theme:love', 'short-lines', 'mix:love'] as const;

export interface PpoPreset {
  iterations: number;
  klCoef: number;
  clipRange: number;
  epochs: number;
  minibatchSize: number;
  maxNewTokens: number;
  lr: number;
}

/** The classroom preset: a leash strong enough that the text stays Shakespeare while the reward rises. */
export const CLASSROOM_PPO: PpoPreset = { iterations: 12, klCoef: 0.1, clipRange: 0.2, epochs: 2, minibatchSize: 8, maxNewTokens: 16, lr: 1e-4 };

/** Reward hacking: no leash, a higher learning rate and more iterations, so the policy runs after the reward. */
export const HACKING_PPO: PpoPreset = { ...CLASSROOM_PPO, iterations: 20, klCoef: 0, lr: 3e-4 };
