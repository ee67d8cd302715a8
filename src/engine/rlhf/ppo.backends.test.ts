// PPO and the reward model on every backend: two PPO iterations and two reward-model steps on wasm and on webgpu
// (Dawn + SwiftShader) follow the js backend's numbers, so the RLHF chapter can run wherever the reader's engine does.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../backends/backend';
import { createJsBackend } from '../backends/js/jsBackend';
import { createWasmBackend } from '../backends/wasm/wasmBackend';
import { useNodeWebGpu } from '../backends/webgpu/testing/nodeWebGpuSuite';
import { GPT } from '../model/gpt';
import { withBackendAsync } from '../runtime';
import { PPO } from './ppo';
import { RewardModel, RewardModelTrainer } from './rewardModel';
import type { Episode } from './sequences';

const config = { vocabSize: 6, blockSize: 12, nLayer: 1, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' as const };
const likesTwos = (episodes: readonly Episode[]) => episodes.map((e) => e.response.filter((t) => t === 2).length / e.response.length);
const prompts = [[1, 2], [3], [4, 5, 0], [2, 2], [5, 1], [0]];
const pairs = [
  { prompt: [1], chosen: [2, 2, 3], rejected: [4, 4, 3] },
  { prompt: [0, 5], chosen: [2, 1], rejected: [1, 1] },
];

async function run(backend: Backend) {
  return withBackendAsync(backend, async () => {
    const policy = new GPT(config, 11);
    const ppo = await PPO.create(policy, likesTwos, { klCoef: 0.1, lr: 3e-3, maxNewTokens: 5, minibatchSize: 3, epochs: 2, seed: 4 });
    const stats = [await ppo.step(prompts), await ppo.step(prompts)];
    ppo.dispose();
    policy.dispose();
    const rm = new RewardModelTrainer(new RewardModel(new GPT(config, 2)), { lr: 1e-2 });
    const rmLosses = [(await rm.step(pairs)).loss, (await rm.step(pairs)).loss];
    rm.dispose();
    rm.model.dispose();
    return { stats, rmLosses };
  });
}

const backends: Record<string, Backend> = {};
useNodeWebGpu((made) => { backends.webgpu = made.backend; });
beforeAll(async () => { backends.wasm = await createWasmBackend({ threads: 1 }); });
afterAll(() => backends.wasm?.dispose());

it('PPO iterations and reward-model steps agree across js, wasm and webgpu', async () => {
  const reference = await run(createJsBackend());
  for (const name of ['wasm', 'webgpu']) {
    const other = await run(backends[name]);
    other.stats.forEach((s, i) => {
      const r = reference.stats[i];
      expect(s.episodes, `${name}: the same samples`).toEqual(r.episodes);
      expect(s.kl).toBeCloseTo(r.kl, 4);
      expect(s.policyLoss).toBeCloseTo(r.policyLoss, 4);
      expect(s.valueLoss).toBeCloseTo(r.valueLoss, 4);
    });
    other.rmLosses.forEach((loss, i) => expect(loss).toBeCloseTo(reference.rmLosses[i], 4));
  }
});
