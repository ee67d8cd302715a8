// How much a 2-D picture misplaces a point's true neighbours: of the k tokens nearest in the full space (by cosine
// similarity), how many are also among the k nearest on the map, and where on the map each one ranks.

export interface MapDistortion {
  /** True neighbours that are also among the k nearest on the map. */
  kept: number;
  k: number;
  /** Each true neighbour's rank among the map's points by distance from the query (1 = nearest). */
  ranks: number[];
}

/** points: row-major (n, 2); query and neighbours are row indices. */
export function mapDistortion(points: ArrayLike<number>, query: number, neighbours: readonly number[]): MapDistortion {
  const n = points.length / 2;
  const qx = points[2 * query], qy = points[2 * query + 1];
  const distance = (i: number) => Math.hypot(points[2 * i] - qx, points[2 * i + 1] - qy);
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => i !== query).sort((a, b) => distance(a) - distance(b));
  const rankOf = new Map(order.map((i, r) => [i, r + 1]));
  const ranks = neighbours.map((i) => rankOf.get(i) ?? n);
  const k = neighbours.length;
  return { kept: ranks.filter((r) => r <= k).length, k, ranks };
}
