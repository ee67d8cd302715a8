import { beforeAll, describe, expect, it } from 'vitest';
import { createJsBackend, type Backend } from '../engine';
import { createWasmBackend } from '../engine/backends/wasm/wasmBackend';
import { EngineState } from './engineState';
import { compareOnEveryBackend } from './handlers/compareBackends';
import { tinyCheckpoint } from './testing/tinyCheckpoint';

let state: EngineState;
beforeAll(async () => {
  state = new EngineState();
  state.switchBackend(createJsBackend('float32'), { name: 'js', description: 'js', reason: 'test', options: [] });
  state.load('base', new Uint8Array(await tinyCheckpoint()));
});

describe('backend parity check', () => {
  it('runs js and wasm against the float64 reference and reports a backend that cannot start', async () => {
    const messages: string[] = [];
    const result = await compareOnEveryBackend(state, { key: 'base', text: 'ROMEO: But soft' }, (m) => messages.push(m), async (name): Promise<Backend> => {
      if (name === 'wasm') return createWasmBackend({ threads: 1 });
      throw new Error(`${name} is not available in this browser`);
    });
    expect(result.reference.name).toBe('js-float64');
    const byName = Object.fromEntries(result.rows.map((r) => [r.name, r]));
    for (const name of ['js', 'wasm']) {
      expect(byName[name].maxAbsDiff).toBeGreaterThan(0); // float32 is not float64: a zero would mean no comparison
      expect(byName[name].maxAbsDiff).toBeLessThan(1e-3);
      expect(byName[name].sameTopToken).toBe(true);
    }
    expect(byName.webgpu).toMatchObject({ maxAbsDiff: null, error: 'webgpu is not available in this browser' });
    expect(messages.length).toBe(4);
  });

  it('explains an empty prompt instead of computing', async () => {
    await expect(compareOnEveryBackend(state, { key: 'base', text: '' }, () => {}, async () => createJsBackend())).rejects.toThrow(/empty/);
  });
});
