// Nearest neighbours in an embedding table by cosine similarity, and the word-analogy test of Mikolov et al.
// (2013): "a is to b as c is to ?" answered by the row nearest b − a + c. In these tables direction carries
// the meaning and length mostly tracks frequency, so every comparison is between directions.
// A table is row-major (rows, dim): row i is the vector of token i.

/** An embedding table, row-major (rows, dim): Word2Vec.vectors(), a GPT's wte weights, PCA coordinates. */
export type EmbeddingTable = Float32Array | Float64Array;

export interface Neighbour {
  /** Row of the table (the token id, for a table indexed by token). */
  index: number;
  /** Cosine of the angle to the query, in [−1, 1]. */
  similarity: number;
}

/**
 * cos θ = a·b / (|a| |b|); 0 when either vector is zero (it has no direction).
 *
 * @example cosineSimilarity([1, 0], [1, 1]) // 0.7071…
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosineSimilarity: lengths differ (${a.length} and ${b.length})`);
  let dot = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
}

/**
 * The k rows most similar to row `queryRow`, most similar first, leaving out the query itself and any zero row
 * (a token the model never trained has no direction to compare).
 *
 * @example nearestNeighbours(model.vectors(), model.vocabSize, model.dim, idOfKing, 5) // [{ index, similarity }, …]
 */
export function nearestNeighbours(table: EmbeddingTable, rows: number, dim: number, queryRow: number, k: number): Neighbour[] {
  checkTable(table, rows, dim);
  checkRow(queryRow, rows, 'queryRow');
  return nearestToVector(table, rows, dim, row(table, dim, queryRow), k, [queryRow]);
}

/**
 * The k rows most similar to any vector of length dim, skipping the rows in `exclude` and zero rows.
 * Ties go to the lower index, so the answer never depends on sort stability.
 *
 * @example nearestToVector(table, rows, dim, [0.1, -0.3, …], 3)
 */
export function nearestToVector(
  table: EmbeddingTable, rows: number, dim: number, vector: ArrayLike<number>, k: number, exclude: readonly number[] = [],
): Neighbour[] {
  checkTable(table, rows, dim);
  if (vector.length !== dim) throw new Error(`nearestToVector: the query has ${vector.length} numbers, expected ${dim}`);
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${k}`);
  const skip = new Set(exclude);
  const found: Neighbour[] = [];
  for (let i = 0; i < rows; i++) {
    if (skip.has(i)) continue;
    const similarity = cosineSimilarity(row(table, dim, i), vector);
    // A zero row gives 0 with no meaning; a NaN would break the sort. Neither is a neighbour.
    if (isZero(table, dim, i) || !Number.isFinite(similarity)) continue;
    found.push({ index: i, similarity });
  }
  found.sort((p, q) => q.similarity - p.similarity || p.index - q.index);
  return found.slice(0, k);
}

/**
 * "a is to b as c is to ?": the rows nearest b − a + c (king − man + woman ≈ queen), leaving out a, b and c,
 * which would otherwise usually win. As in Mikolov's tool, a, b and c are first scaled to unit length, so a
 * frequent token's long vector does not outweigh the other two.
 *
 * @example analogy(table, rows, dim, man, king, woman)[0].index // queen, if the table has learned it
 */
export function analogy(table: EmbeddingTable, rows: number, dim: number, a: number, b: number, c: number, k = 1): Neighbour[] {
  checkTable(table, rows, dim);
  checkRow(a, rows, 'a');
  checkRow(b, rows, 'b');
  checkRow(c, rows, 'c');
  return nearestToVector(table, rows, dim, analogyVector(table, dim, a, b, c), k, [a, b, c]);
}

/** The vector b̂ − â + ĉ (hats: unit length) that `analogy` searches around, (dim); e.g. to place it on a PCA map. */
export function analogyVector(table: EmbeddingTable, dim: number, a: number, b: number, c: number): Float64Array {
  const out = new Float64Array(dim);
  for (const [r, sign] of [[a, -1], [b, 1], [c, 1]] as const) {
    const v = row(table, dim, r);
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d] * v[d];
    if (norm === 0) continue; // a zero row contributes nothing
    const scale = sign / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[d] += scale * v[d];
  }
  return out;
}

function row(table: EmbeddingTable, dim: number, i: number): Float32Array | Float64Array {
  return table.subarray(i * dim, (i + 1) * dim); // a view, no copy
}

function isZero(table: EmbeddingTable, dim: number, i: number): boolean {
  for (let d = i * dim; d < (i + 1) * dim; d++) if (table[d] !== 0) return false;
  return true;
}

function checkTable(table: EmbeddingTable, rows: number, dim: number): void {
  if (table.length !== rows * dim) throw new Error(`the table holds ${table.length} numbers, not rows × dim = ${rows} × ${dim}`);
}

function checkRow(i: number, rows: number, name: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= rows) throw new Error(`${name} = ${i} is not a row of a table with ${rows} rows`);
}
