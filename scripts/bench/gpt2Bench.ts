// GPT-2 small's shape (124M parameters: 12 layers, 12 heads, 768 wide, vocabulary 50,257) on one backend, with
// random weights (the time does not depend on them; no download): time to the first token after a 64-token prompt
// (one forward over the prompt filling the KV cache, last position's logits read back), then ms per generated token
// with the cache. Environment-neutral (Node and the browser bench page).
import { GPT, KVCache, Rng, noGrad, tensor, tidy, withBackendAsync, type Backend } from '../../src/engine';
import { collect, summarise, type Timing, type TimingOptions } from './timing';

export const GPT2_SMALL = {
  vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768, dropout: 0, bias: true, positional: 'learned', activation: 'gelu_tanh',
} as const;
const PROMPT = 64;
const DECODED = 8;

export function timeGpt2(backend: Backend, o: TimingOptions): Promise<{ firstToken: Timing; nextToken: Timing }> {
  return withBackendAsync(backend, async () => {
    const model = new GPT(GPT2_SMALL, 1, { memory: 'inference' });
    const rng = new Rng(11);
    const step = async (ids: number[], cache: KVCache) => {
      const logits = tidy(() => noGrad(() => model.forward(tensor(ids, [1, ids.length]), { cache, lastOnly: true }).logits));
      await logits.data();
      logits.dispose();
    };
    const firsts: number[] = [];
    try {
      const nextToken = await collect(async () => {
        const cache = new KVCache(model.config.nLayer, GPT2_SMALL.blockSize);
        try {
          const started = performance.now();
          await step(Array.from({ length: PROMPT }, () => rng.int(GPT2_SMALL.vocabSize)), cache);
          firsts.push(performance.now() - started);
          const decodeStart = performance.now();
          for (let i = 0; i < DECODED; i++) await step([rng.int(GPT2_SMALL.vocabSize)], cache);
          const decodeMs = performance.now() - decodeStart;
          return { perUnit: decodeMs / DECODED, total: performance.now() - started };
        } finally {
          cache.dispose();
        }
      }, o);
      // collect() ran the warm-up rounds through the same function: keep the first-token times of the timed rounds.
      return { firstToken: summarise(firsts.slice(firsts.length - nextToken.samples.length)), nextToken };
    } finally {
      model.dispose();
    }
  });
}
