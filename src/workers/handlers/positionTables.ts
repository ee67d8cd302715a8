// How a model is told where each token stands, as tables: its learned position vectors (wpe) if it has them, and
// the sinusoids of "Attention Is All You Need" at the same size, each with the cosine similarity between every two
// positions (a learned table's similarity shows what training taught it about nearness).
import { cosineSimilarity, noGrad, sinusoidalTable, tidy } from '../../engine';
import type { EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export interface PositionTable {
  /** Row-major (positions, width). */
  values: Float32Array;
  /** Cosine similarity of every two positions, (positions, positions). */
  similarity: Float32Array;
}

export interface PositionTablesResult {
  positional: string;
  positions: number;
  width: number;
  /** The model's own table; null unless its scheme is 'learned'. */
  learned: PositionTable | null;
  sinusoidal: PositionTable;
}

const tableParams = s.object({ key: checkpointKey(), maxPositions: s.optional(s.int({ min: 2, max: 4096 }), 128) });

export const positionTables = method({
  lane: 'queue',
  retry: true,
  params: tableParams,
  run: (p, { state }) => tablesOf(state, p),
});

async function tablesOf(state: EngineState, p: Infer<typeof tableParams>): Promise<PositionTablesResult> {
  const { model } = state.get(p.key).loaded;
  const T = Math.min(model.config.blockSize, p.maxPositions), C = model.config.nEmbd;
  const learned = model.wpe ? Float32Array.from(await model.wpe.weight.data()).subarray(0, T * C) : null;
  const sinusoidal = Float32Array.from(tidy(() => noGrad(() => sinusoidalTable(0, T, C).toArray())));
  return {
    positional: model.config.positional,
    positions: T,
    width: C,
    learned: learned ? { values: Float32Array.from(learned), similarity: similarities(learned, T, C) } : null,
    sinusoidal: { values: sinusoidal, similarity: similarities(sinusoidal, T, C) },
  };
}

function similarities(table: Float32Array, T: number, C: number): Float32Array {
  const out = new Float32Array(T * T);
  const row = (t: number) => table.subarray(t * C, (t + 1) * C);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) out[i * T + j] = out[j * T + i] = cosineSimilarity(row(i), row(j));
  return out;
}
