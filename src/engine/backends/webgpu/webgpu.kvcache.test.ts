// Decoding with the KV cache on webgpu (Dawn + SwiftShader in Node): the store is appended by a strided copy at an
// offset and read in place by head-strided GEMMs with one query row (nn/attention.ts, ops/heads.ts). Each step must
// give the logits of recomputing the whole context.
import { describe, expect, it } from 'vitest';
import { GPT } from '../../model/gpt';
import { KVCache } from '../../nn/attention';
import { noGrad, tidy, withBackend } from '../../runtime';
import { tensor } from '../../tensor';
import type { WebGpuBackend } from './webgpuBackend';
import { useNodeWebGpu } from './testing/nodeWebGpuSuite';

let gpu: WebGpuBackend;
useNodeWebGpu((made) => { gpu = made.backend; });

const config = { vocabSize: 13, blockSize: 10, nLayer: 2, nHead: 2, nEmbd: 16, dropout: 0, bias: true, positional: 'learned' as const };
const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];

describe('KV cache on webgpu', () => {
  it('each decode step equals recomputing the context', async () => {
    const model = withBackend(gpu, () => new GPT(config, 7));
    const logits = (seq: number[], opts = {}) => withBackend(gpu, () => tidy(() => noGrad(() =>
      model.forward(tensor(seq, [1, seq.length]), opts).logits)));
    const read = async (t: ReturnType<typeof logits>) => { const v = await t.data(); t.dispose(); return v; };
    const full = await read(logits(ids));
    const cache = new KVCache(config.nLayer, 0); // the store doubles as it fills (3 → 6 → 12 rows)
    const prefill = await read(logits(ids.slice(0, 3), { cache }));
    for (let i = 0; i < prefill.length; i++) expect(prefill[i]).toBeCloseTo(full[i], 4);
    for (let t = 3; t < ids.length; t++) {
      const step = await read(logits([ids[t]], { cache, lastOnly: true }));
      for (let v = 0; v < config.vocabSize; v++) expect(step[v]).toBeCloseTo(full[t * config.vocabSize + v], 4);
    }
    cache.dispose();
    model.dispose();
    expect(gpu.lostReason).toBeNull();
  });
});
