// Decoding with the KV cache on wasm, and the last position alone without one: the store (nn/attention.ts KVCache) is read in place by head-strided GEMMs with
// one query row, and written between products (so no packing of it may outlive a write). Each decode step must give
// the logits of recomputing the whole context, with one thread and with two.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPT } from '../../model/gpt';
import { KVCache } from '../../nn/attention';
import { noGrad, tidy, withBackend } from '../../runtime';
import { tensor } from '../../tensor';
import { createWasmBackend, type WasmBackend } from './wasmBackend';

const config = { vocabSize: 13, blockSize: 12, nLayer: 2, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' as const };
const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];

for (const threads of [1, 2]) {
  describe(`KV cache on wasm (${threads} thread${threads > 1 ? 's' : ''})`, () => {
    let wasm: WasmBackend;
    beforeAll(async () => { wasm = await createWasmBackend({ threads, threadMinWork: threads > 1 ? 0 : undefined }); });
    afterAll(() => wasm.dispose());

    it('each decode step equals recomputing the context, as the store fills and grows', () => {
      withBackend(wasm, () => {
        const model = new GPT(config, 7);
        const logits = (seq: number[], opts = {}) => tidy(() => noGrad(() =>
          model.forward(tensor(seq, [1, seq.length]), opts).logits.toArray()));
        const full = logits(ids);
        for (const capacity of [0, config.blockSize]) { // 0: the store doubles (4 → 8 → 16 rows)
          const cache = new KVCache(config.nLayer, capacity);
          const prefill = logits(ids.slice(0, 4), { cache });
          for (let i = 0; i < prefill.length; i++) expect(prefill[i]).toBeCloseTo(full[i], 4);
          for (let t = 4; t < ids.length; t++) {
            const step = logits([ids[t]], { cache, lastOnly: true });
            for (let v = 0; v < config.vocabSize; v++) expect(step[v]).toBeCloseTo(full[t * config.vocabSize + v], 4);
          }
          expect(cache.length).toBe(ids.length);
          cache.dispose();
        }
        model.dispose();
      });
    });

    it('lastOnly without a cache (the last query against the projection\'s own keys and values) gives the last row', () => {
      withBackend(wasm, () => {
        const model = new GPT(config, 10);
        const V = config.vocabSize;
        const full = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length])).logits.toArray()));
        const last = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length]), { lastOnly: true }).logits.toArray()));
        expect(last.length).toBe(V);
        for (let v = 0; v < V; v++) expect(last[v]).toBeCloseTo(full[(ids.length - 1) * V + v], 4);
        model.dispose();
      });
    });

    it('a decode step copies only its own keys and values: one strided copy per layer, whatever the history', () => {
      withBackend(wasm, () => {
        const model = new GPT(config, 8);
        const cache = new KVCache(config.nLayer, config.blockSize);
        tidy(() => noGrad(() => model.forward(tensor(ids.slice(0, 8), [1, 8]), { cache, lastOnly: true })));
        const kernels = wasm.kernels as unknown as { copyStrided: (...a: unknown[]) => void };
        const original = kernels.copyStrided;
        let copies = 0;
        kernels.copyStrided = (...a: unknown[]) => { copies++; original.apply(kernels, a); };
        try {
          tidy(() => noGrad(() => model.forward(tensor([ids[8]], [1, 1]), { cache, lastOnly: true })));
        } finally {
          kernels.copyStrided = original;
        }
        expect(copies).toBe(config.nLayer);
        cache.dispose();
        model.dispose();
      });
    });
  });
}

describe('KVCache', () => {
  it('refuses a step of another batch size, and gradients', () => {
    const model = new GPT(config, 9);
    const cache = new KVCache(config.nLayer);
    tidy(() => noGrad(() => model.forward(tensor(ids.slice(0, 3), [1, 3]), { cache })));
    expect(() => tidy(() => noGrad(() => model.forward(tensor([1, 2, 1, 2], [2, 2]), { cache })))).toThrow(/batch 2/);
    cache.dispose();
    expect(() => tidy(() => model.forward(tensor(ids.slice(0, 3), [1, 3]), { cache: new KVCache(config.nLayer) }))).toThrow(/inference/);
    model.dispose();
  });
});
