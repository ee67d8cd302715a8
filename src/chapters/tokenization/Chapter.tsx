// Tokenization: the reader's text cut five ways (characters, words, this book's model, GPT-2, GPT-4o), questions
// that ask for a guess before the engine reveals the count, a BPE trained live merge by merge, any token unwound to
// its bytes, and words vs subwords vs characters in numbers. What is not done yet is listed in README.md.
import type { StepsOf } from '../card';
import type { tokenization } from './chapter';
import './chapter.css';
import { GranularityStep } from './GranularityStep';
import { GuessStep } from './GuessStep';
import { TrainStep } from './TrainStep';
import { UnwindStep } from './UnwindStep';
import { ViewsStep } from './ViewsStep';

export const steps = {
  views: ViewsStep,
  guess: GuessStep,
  train: TrainStep,
  unwind: UnwindStep,
  granularity: GranularityStep,
} satisfies StepsOf<typeof tokenization>;
