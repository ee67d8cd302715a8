// Tokenization: the reader's text cut five ways (characters, words, this book's model, GPT-2, GPT-4o), then
// questions that ask for a guess before the engine reveals the count. Later steps (training a BPE merge by merge,
// unwinding a token) are listed in README.md.
import type { StepsOf } from '../card';
import type { tokenization } from './chapter';
import './chapter.css';
import { GuessStep } from './GuessStep';
import { ViewsStep } from './ViewsStep';

export const steps = {
  views: ViewsStep,
  guess: GuessStep,
} satisfies StepsOf<typeof tokenization>;
