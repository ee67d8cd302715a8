// A GPU lost in the middle of the reader's training run: the run moves to another backend from its last completed
// step and finishes, instead of failing. Runs on webgpu in Node (Dawn + SwiftShader) and destroys the device.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsBackend, setBackend, getBackend, type Backend } from '../engine';
import { createWebGpuBackend } from '../engine/backends/webgpu/webgpuBackend';
import { createNodeDevice } from '../engine/backends/webgpu/testing/nodeGpu';
import { EngineState } from './engineState';
import { train, trainCopy, type TrainProgress } from './handlers/train';
import { tinyCheckpoint, tinyCorpus } from './testing/tinyCheckpoint';

let bytes: Uint8Array;
const previous = getBackend();
beforeAll(async () => {
  bytes = new Uint8Array(await tinyCheckpoint());
});
afterAll(() => setBackend(previous));

async function runTraining(backend: Backend, onIter?: (iter: number) => void) {
  const state = new EngineState();
  state.switchBackend(backend, { name: backend.name, description: backend.name, reason: 'test', options: [] });
  state.load('base', bytes);
  const events: TrainProgress[] = [];
  const params = train.params.parse({
    key: 'base', corpus: tinyCorpus, label: 'run', kind: 'retrained',
    train: { maxIters: 10, batchSize: 2, evalInterval: 100, evalIters: 1 },
  }, 'params');
  const result = await trainCopy(state, params, (e) => { events.push(e); if (e.stage === 'training') onIter?.(e.iter); }, new AbortController().signal,
  async () => createJsBackend('float32'));
  return { result, events };
}

describe('training survives a lost GPU', () => {
  it('moves to the fallback backend from the last completed step and finishes with the same losses as js', async () => {
    const reference = await runTraining(createJsBackend('float32'));
    const refLoss = new Map(reference.events.flatMap((e) => (e.stage === 'training' ? [[e.iter, e.loss] as const] : [])));

    const device = await createNodeDevice();
    const gpu = await createWebGpuBackend({ device });
    const { result, events } = await runTraining(gpu, (iter) => { if (iter === 4) device.destroy(); });

    const recovered = events.find((e) => e.stage === 'recovered');
    expect(recovered).toMatchObject({ stage: 'recovered', backend: 'js', iter: 4 });
    expect((recovered as { reason: string }).reason).toMatch(/destroy|lost/i);
    const steps = events.flatMap((e) => (e.stage === 'training' ? [e] : []));
    expect(steps.at(-1)!.iter).toBe(10);
    for (const s of steps) expect(s.loss).toBeCloseTo(refLoss.get(s.iter)!, 3);
    expect(result.summary.meta.iter).toBe(10);
    expect(result.bytes.byteLength).toBeGreaterThan(1000);
  });
});
