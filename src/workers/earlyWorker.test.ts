// The early engine worker is handed over once; a failed or missing one is replaced by a new worker.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

class FakeWorker {
  static made: FakeWorker[] = [];
  listeners = new Map<string, () => void>();
  terminated = false;
  constructor(readonly url: URL | string) {
    FakeWorker.made.push(this);
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, listener);
  }
  terminate() {
    this.terminated = true;
  }
}

describe('earlyWorker', () => {
  beforeEach(() => {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('hands the worker started early to the first taker, and new ones after that', async () => {
    const { startEngineWorker, takeEngineWorker } = await import('./earlyWorker');
    startEngineWorker();
    startEngineWorker();
    expect(FakeWorker.made).toHaveLength(1);
    expect(takeEngineWorker()).toBe(FakeWorker.made[0]);
    const second = takeEngineWorker();
    expect(second).toBe(FakeWorker.made[1]);
    expect(FakeWorker.made).toHaveLength(2);
  });

  it('replaces an early worker that failed before anyone listened', async () => {
    const { startEngineWorker, takeEngineWorker } = await import('./earlyWorker');
    startEngineWorker();
    FakeWorker.made[0].listeners.get('error')!();
    const taken = takeEngineWorker();
    expect(taken).not.toBe(FakeWorker.made[0]);
    expect(FakeWorker.made[0].terminated).toBe(true);
  });

  it('creates a worker on demand when none was started early', async () => {
    const { takeEngineWorker } = await import('./earlyWorker');
    expect(takeEngineWorker()).toBe(FakeWorker.made[0]);
  });
});
