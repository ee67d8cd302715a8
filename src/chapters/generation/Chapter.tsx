// Generation: the model's next-token probabilities on the reader's prompt (guess first, then see them), then the
// generation loop itself, stepped, played and branched; then the decoding rules that reshape each draw.
import type { StepsOf } from '../card';
import type { generation } from './chapter';
import './chapter.css';
import { CompareStep } from './CompareStep';
import { CostStep } from './CostStep';
import { DecodeStep } from './DecodeStep';
import { GuessStep } from './GuessStep';
import { StepStep } from './StepStep';
import { TemperatureStep } from './TemperatureStep';

export const steps = {
  guess: GuessStep,
  step: StepStep,
  decoding: DecodeStep,
  temperature: TemperatureStep,
  compare: CompareStep,
  cost: CostStep,
} satisfies StepsOf<typeof generation>;
