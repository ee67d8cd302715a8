// Generalised advantage estimation (Schulman et al. 2016): how much better each action turned out than the value
// head expected, blending one-step and whole-episode estimates with λ. Plain numbers on the host: an episode is a
// few dozen tokens.

/**
 * Advantages and value targets for one episode of T steps: δ_t = r_t + γ·V_{t+1} − V_t (V after the last step is
 * 0), A_t = δ_t + γλ·A_{t+1}, return_t = A_t + V_t.
 * @example advantages([0, 0, 1], [0.2, 0.4, 0.6], 1, 1) // A = [0.8, 0.6, 0.4], returns = [1, 1, 1]
 */
export function advantages(rewards: readonly number[], values: readonly number[], gamma: number, lambda: number): { advantages: number[]; returns: number[] } {
  const T = rewards.length;
  const adv = new Array<number>(T).fill(0);
  let next = 0, nextValue = 0;
  for (let t = T - 1; t >= 0; t--) {
    const delta = rewards[t] + gamma * nextValue - values[t];
    next = delta + gamma * lambda * next;
    adv[t] = next;
    nextValue = values[t];
  }
  return { advantages: adv, returns: adv.map((a, t) => a + values[t]) };
}

/** Shifts and scales all values (across episodes) to mean 0 and standard deviation 1, a common PPO stabiliser. */
export function whiten(rows: readonly number[][]): number[][] {
  const all = rows.flat();
  if (all.length === 0) return rows.map(() => []);
  const mu = all.reduce((s, x) => s + x, 0) / all.length;
  const sd = Math.sqrt(all.reduce((s, x) => s + (x - mu) ** 2, 0) / all.length);
  return rows.map((row) => row.map((x) => (x - mu) / (sd + 1e-8)));
}
