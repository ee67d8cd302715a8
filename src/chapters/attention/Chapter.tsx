// Attention: every head on the reader's text, one head's arithmetic with the real numbers, what heads do (measured
// on unseen text), and what the model loses when heads, layers or all of attention are switched off.
import type { StepsOf } from '../card';
import type { attention } from './chapter';
import './chapter.css';
import { AblateStep } from './steps/AblateStep';
import { GridStep } from './steps/GridStep';
import { NoneStep } from './steps/NoneStep';
import { RolesStep } from './steps/RolesStep';
import { StepThroughStep } from './steps/StepThroughStep';

export const steps = {
  grid: GridStep,
  step: StepThroughStep,
  roles: RolesStep,
  ablate: AblateStep,
  none: NoneStep,
} satisfies StepsOf<typeof attention>;
