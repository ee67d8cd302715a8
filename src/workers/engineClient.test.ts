import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineClient, EngineError, type EngineHealth } from './engineClient';
import { InProcessWorker } from './testing/inProcessWorker';
import { tinyCheckpoint, tinyCorpus } from './testing/tinyCheckpoint';

let bytes: ArrayBuffer;
let client: EngineClient;
let healths: EngineHealth[];

beforeAll(async () => {
  bytes = await tinyCheckpoint();
});
beforeEach(() => {
  InProcessWorker.created = [];
  healths = [];
  client = new EngineClient({
    createWorker: () => new InProcessWorker(),
    // Silence is measured in wall time while the in-process worker computes on this thread: leave room for a slow,
    // shared machine, or a busy step reads as a hang.
    heartbeatMs: 20,
    hangAfterMs: 600,
    onHealth: (h) => healths.push(h),
  });
});
afterEach(() => client.dispose());

const inspect = { key: 'base', text: 'ROMEO:', temperature: 1, seed: 1, topCount: 3 };
const latest = () => InProcessWorker.created[InProcessWorker.created.length - 1];

describe('engine client', () => {
  it('answers calls, forwards progress and becomes ready', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    const tokens: string[] = [];
    const result = await client.call(
      'generate',
      { key: 'base', text: 'ROMEO:', maxNewTokens: 4, temperature: 1, seed: 2 },
      { onProgress: (p) => tokens.push(p.text) },
    );
    expect(tokens).toHaveLength(4);
    expect(result.ids).toHaveLength(4);
    expect(client.getHealth().state).toBe('ready');
  });

  it('turns worker errors into EngineErrors with their kind', async () => {
    const broken = new Uint8Array(bytes.slice(0, 100));
    await expect(client.call('loadCheckpoint', { key: 'x', bytes: broken.buffer })).rejects.toMatchObject({ name: 'CheckpointError' });
  });

  it('cancels a request at once when its signal aborts', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    const controller = new AbortController();
    const run = client.call('generate', { key: 'base', text: 'ROMEO:', maxNewTokens: 100_000, temperature: 1, seed: 2 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(latest().received.some((m) => m.kind === 'cancel')).toBe(true);
  });

  it('pauses a training run: a cancel that keeps the answer gets what the run learned so far', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    const controller = new AbortController();
    let steps = 0;
    const paused = await client.call(
      'train',
      { key: 'base', corpus: tinyCorpus, kind: 'pretrained', label: 'x', train: { maxIters: 500, batchSize: 2 } },
      { signal: controller.signal, keepAnswerOnCancel: true, onProgress: (p) => { if (p.stage === 'training' && ++steps === 3) controller.abort(); } },
    );
    expect(paused.stopped.reason).toBe('cancelled');
    expect(paused.stopped.iter).toBeGreaterThanOrEqual(3);
    expect(paused.runState.byteLength).toBeGreaterThan(0);
  });

  it('restarts a crashed worker, replays the loaded checkpoint and finishes the request in flight', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    const first = latest();
    first.isHung = true; // the request below is received but never answered…
    const pending = client.call('inspect', inspect);
    await new Promise((r) => setTimeout(r, 5));
    first.crash(); // …then the worker dies
    const result = await pending;
    expect(result.tokens.map((t) => t.label).join('')).toBe('ROMEO:');
    expect(InProcessWorker.created).toHaveLength(2);
    expect(first.isTerminated).toBe(true);
    const replayed = latest().received.filter((m) => m.kind === 'request').map((m) => (m as { method: string }).method);
    expect(replayed.slice(0, 2)).toEqual(['loadCheckpoint', 'inspect']);
    expect(healths.some((h) => h.notice?.includes('crashed (out of memory)') && h.notice.includes('Nothing you made is lost'))).toBe(true);
  });

  it('replays a checkpoint given as a Blob from the Blob: the page keeps no copy of its bytes for a restart', async () => {
    const file = new Blob([bytes]);
    await client.call('loadCheckpoint', { key: 'base', blob: file });
    const before = await client.call('inspect', inspect);
    latest().crash();
    expect((await client.call('inspect', inspect)).top).toEqual(before.top);
    const replay = latest().received.find((m) => m.kind === 'request' && (m as { method: string }).method === 'loadCheckpoint');
    expect((replay as unknown as { params: Record<string, unknown> }).params).toEqual({ key: 'base', blob: file });
  });

  it('restarts a hung worker after the heartbeat goes quiet', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    latest().isHung = true;
    const result = await client.call('inspect', inspect);
    expect(result.tokens.length).toBe(6);
    expect(InProcessWorker.created.length).toBeGreaterThanOrEqual(2);
    expect(client.getHealth().notice).toMatch(/stopped responding/);
  });

  it('stops a training run cut short by a restart instead of silently starting it over', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    const first = latest();
    let crashed = false;
    const training = client.call(
      'train',
      { key: 'base', corpus: tinyCorpus, kind: 'retrained', label: 'x', train: { maxIters: 50, batchSize: 2 } },
      { onProgress: () => { if (!crashed) { crashed = true; first.crash(); } } },
    );
    await expect(training).rejects.toMatchObject({ name: 'EngineRestartedError' });
    expect(latest().received.some((m) => m.kind === 'request' && m.method === 'train')).toBe(false);
  });

  it('sends a request that was running in a crashed worker once more, and tells the caller to start over', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    const first = latest();
    let tokens = 0, retries = 0;
    const result = await client.call(
      'generate',
      { key: 'base', text: 'ROMEO:', maxNewTokens: 6, temperature: 1, seed: 2 },
      {
        onProgress: () => { if (++tokens === 2 && latest() === first) first.crash(); },
        onRetry: () => { retries++; tokens = 0; },
      },
    );
    expect(retries).toBe(1);
    expect(tokens).toBe(6);
    expect(result.ids).toHaveLength(6);
  });

  it('does not send again a request that hung the worker, and says which one', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    const first = latest();
    const run = client.call(
      'generate',
      { key: 'base', text: 'ROMEO:', maxNewTokens: 100_000, temperature: 1, seed: 2 },
      { onProgress: () => { first.isHung = true; } },
    );
    await expect(run).rejects.toMatchObject({ name: 'EngineHungError', message: expect.stringContaining('“generate” was not sent again') });
    expect(latest()).not.toBe(first);
    expect(latest().received.some((m) => m.kind === 'request' && m.method === 'generate')).toBe(false);
    expect((await client.call('inspect', inspect)).tokens.length).toBe(6); // the new worker works
  });

  it('gives up after too many restarts in a minute and says so', async () => {
    for (let i = 0; i < 4; i++) latest().crash();
    expect(client.getHealth().state).toBe('failed');
    expect(client.getHealth().notice).toMatch(/keeps stopping/);
    await expect(client.call('inspect', inspect)).rejects.toBeInstanceOf(EngineError);
  });

  it('forgets an unloaded checkpoint, so a restart does not bring it back', async () => {
    await client.call('loadCheckpoint', { key: 'base', bytes });
    await client.call('unloadCheckpoint', { key: 'base' });
    latest().crash();
    await new Promise((r) => setTimeout(r, 20));
    expect(latest().received.filter((m) => m.kind === 'request')).toEqual([]);
  });
});
