import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseBackend } from './engineActions';
import { connectEngine, type EngineCalls } from './engineConnection';
import { backendChoiceKey } from './slices/engine';
import { resetStore, useStore } from './store';

const saved = new Map<string, string>();
beforeEach(() => {
  saved.clear();
  Object.assign(globalThis, {
    localStorage: { getItem: (k: string) => saved.get(k) ?? null, setItem: (k: string, v: string) => void saved.set(k, v) },
  });
  resetStore();
});
afterEach(() => connectEngine(null));

describe('choosing a backend', () => {
  it('remembers a switch that worked, and not one the engine refused', async () => {
    const report = { name: 'wasm', description: 'wasm', reason: 'you chose it', options: [] };
    let refuse = false;
    connectEngine({
      call: (async () => {
        if (refuse) throw new Error('Stop the training first: a model cannot change backend while it trains.');
        return report;
      }) as unknown as EngineCalls['call'],
    });
    await chooseBackend('wasm');
    expect(useStore.getState().backendChoice).toBe('wasm');
    expect(saved.get(backendChoiceKey)).toBe('wasm');

    refuse = true;
    await chooseBackend('js');
    expect(useStore.getState().backendChoice).toBe('wasm');
    expect(saved.get(backendChoiceKey)).toBe('wasm');
    expect(useStore.getState().backendError).toMatch(/Could not switch to js: Stop the training first/);
  });
});
