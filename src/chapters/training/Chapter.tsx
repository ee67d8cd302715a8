// Training: what is minimised (the objective on the reader's text), pre-training a model in the tab, and
// fine-tuning it on a narrow supervised task.
import type { StepsOf } from '../card';
import type { training } from './chapter';
import './chapter.css';
import { FinetuneStep } from './FinetuneStep';
import { ObjectiveStep } from './ObjectiveStep';
import { PretrainStep } from './PretrainStep';

export const steps = {
  objective: ObjectiveStep,
  pretrain: PretrainStep,
  finetune: FinetuneStep,
} satisfies StepsOf<typeof training>;
