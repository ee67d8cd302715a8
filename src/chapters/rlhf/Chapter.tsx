// RLHF, the loop run for real on the reader's model: their ratings, a reward model, PPO with a KL leash, rounds,
// reward hacking on purpose, DPO beside PPO, and deployment with a monitor. Every figure comes from the worker.
import type { StepsOf } from '../card';
import type { rlhf } from './chapter';
import './chapter.css';
import { DeployStep } from './steps/DeployStep';
import { DpoStep } from './steps/DpoStep';
import { HackingStep } from './steps/HackingStep';
import { PpoStep } from './steps/PpoStep';
import { RateStep } from './steps/RateStep';
import { RewardStep } from './steps/RewardStep';
import { RoundsStep } from './steps/RoundsStep';

export const steps = {
  rate: RateStep,
  reward: RewardStep,
  ppo: PpoStep,
  rounds: RoundsStep,
  hacking: HackingStep,
  dpo: DpoStep,
  deploy: DeployStep,
} satisfies StepsOf<typeof rlhf>;
