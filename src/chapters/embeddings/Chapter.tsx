// Embeddings and position: the reader's tokens as rows of numbers, those rows as points (PCA, neighbours), word2vec
// learning such points live, context changing them, the strangeness of many dimensions, and positions: how a model
// is told where a token stands, why it must be, and four ways compared.
import type { StepsOf } from '../card';
import type { embeddings } from './chapter';
import './chapter.css';
import { ContextStep } from './steps/ContextStep';
import { DimensionsStep } from './steps/DimensionsStep';
import { LookupStep } from './steps/LookupStep';
import { OrderStep } from './steps/OrderStep';
import { PositionsStep } from './steps/PositionsStep';
import { SchemesStep } from './steps/SchemesStep';
import { SpaceStep } from './steps/SpaceStep';
import { Word2VecStep } from './steps/Word2VecStep';

export const steps = {
  lookup: LookupStep,
  space: SpaceStep,
  word2vec: Word2VecStep,
  context: ContextStep,
  dimensions: DimensionsStep,
  positions: PositionsStep,
  order: OrderStep,
  schemes: SchemesStep,
} satisfies StepsOf<typeof embeddings>;
