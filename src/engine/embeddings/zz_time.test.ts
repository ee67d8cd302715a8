import { it } from 'vitest';
import { pcaAsync } from './pca';
import { Rng } from '../util/rng';
it('times', async () => {
  const n = 50257, dim = 768; const rng = new Rng(3);
  const t = new Float32Array(n * dim); for (let i = 0; i < t.length; i++) t[i] = rng.normal() * (1 + (i % dim) / 100);
  for (const s of [8192]) {
    const t0 = performance.now(); const at: Record<string, number> = {}; let its = 0;
    await pcaAsync(t, dim, 2, { sampleRows: s }, async (p) => { at[p.stage] = performance.now() - t0; if (p.stage === 'components') its++; });
    console.log(s, JSON.stringify(at), its);
  }
}, 300000);
