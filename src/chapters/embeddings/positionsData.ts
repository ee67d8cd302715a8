// The precomputed comparison of positional schemes (made by `npx tsx scripts/positions.ts`, see its `command`),
// bundled with the chapter: a few kilobytes, so the figure draws at once and works offline.
import data from '../../../public/data/positions.json';

export const positionsFile = data as typeof data & {
  train: typeof data.train & { evalBatches: 'fixed' | 'fresh' };
  model: typeof data.model & { activation: 'gelu' | 'gelu_tanh' };
};
