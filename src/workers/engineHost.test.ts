import { beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, ProgressOf, ResultOf } from './protocol';
import type { RlhfProgress } from './handlers/rlhf';
import type { TrainProgress, TrainResult, TrainStepProgress } from './handlers/train';
import { hostHarness } from './testing/hostHarness';
import { tinyCheckpoint, tinyCorpus } from './testing/tinyCheckpoint';

let bytes: ArrayBuffer;
beforeAll(async () => {
  bytes = await tinyCheckpoint();
});

const harness = hostHarness;

const inspectParams = { key: 'base', text: 'ROMEO: But', temperature: 1, seed: 7, topCount: 5 };

describe('engine host', () => {
  it('answers pings', () => {
    const { host, messages } = harness();
    host.receive({ kind: 'ping', seq: 3 });
    expect(messages).toEqual([{ kind: 'pong', seq: 3 }]);
  });

  it('answers an unknown method or malformed parameters with a clear error, not a crash', async () => {
    const { call } = harness();
    const unknown = await call('noSuchMethod' as MethodName, {} as never).done;
    expect(unknown).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringContaining('no method "noSuchMethod"') } });
    const nullParams = await call('inspect', null as never).done;
    expect(nullParams).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringContaining('params must be an object') } });
    const nan = await call('inspect', { ...inspectParams, temperature: Number.NaN }).done;
    expect(nan).toMatchObject({ kind: 'error', error: { message: 'params.temperature must be a finite number from 0 to 100; got NaN.' } });
    const extra = await call('inspect', { ...inspectParams, tempreature: 1 } as never).done;
    expect(extra).toMatchObject({ kind: 'error', error: { message: expect.stringContaining('unknown field "tempreature"') } });
  });

  it('loads a checkpoint and summarises it', async () => {
    const { result } = harness();
    const summary = await result('loadCheckpoint', { key: 'base', bytes });
    expect(summary).toMatchObject({ key: 'base', config: { nLayer: 2, nHead: 2, nEmbd: 16 }, tokenizer: { kind: 'char' }, bytes: bytes.byteLength });
    expect(summary.parameters).toBeGreaterThan(1000);
  });

  it('refuses a corrupted file with a CheckpointError and keeps what was loaded', async () => {
    const { call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const broken = new Uint8Array(bytes.slice(0));
    broken[broken.length - 5] ^= 0xff;
    const answer = await call('loadCheckpoint', { key: 'base', bytes: broken.buffer }).done;
    expect(answer.kind).toBe('error');
    if (answer.kind === 'error') expect(answer.error.name).toBe('CheckpointError');
    expect((await result('inspect', inspectParams)).tokens.length).toBe(10);
  });

  it('traces the pipeline: tokens, vectors, causal attention rows that sum to one, sorted probabilities', async () => {
    const { result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const r = await result('inspect', inspectParams);
    const T = r.tokens.length;
    expect(r.tokens.map((t) => t.label).join('')).toBe('ROMEO:␣But');
    expect(r.vectors.length).toBe(T * r.width);
    expect(r.attention).toHaveLength(2);
    for (const layer of r.attention) {
      for (let i = 0; i < T; i++) {
        let sum = 0;
        for (let j = 0; j < T; j++) {
          sum += layer[i * T + j];
          if (j > i) expect(layer[i * T + j]).toBe(0);
        }
        expect(sum).toBeCloseTo(1, 5);
      }
    }
    expect(r.top).toHaveLength(5);
    for (let i = 1; i < r.top.length; i++) expect(r.top[i - 1].probability).toBeGreaterThanOrEqual(r.top[i].probability);
    expect(r.chosen.probability).toBeGreaterThan(0);
    const again = await result('inspect', inspectParams);
    expect(again.chosen.id).toBe(r.chosen.id);
    const chosenIds = new Set<number>();
    for (let seed = 0; seed < 12; seed++) chosenIds.add((await result('inspect', { ...inspectParams, seed })).chosen.id);
    expect(chosenIds.size).toBeGreaterThan(1);
  });

  it('keeps only the last block-size tokens of a long prompt and says how many it dropped', async () => {
    const { result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const r = await result('inspect', { ...inspectParams, text: 'o'.repeat(40) });
    expect(r.tokens).toHaveLength(16);
    expect(r.droppedTokens).toBe(24);
  });

  it('says plainly when the prompt is empty or has a character the model does not know', async () => {
    const { call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const answer = await call('inspect', { ...inspectParams, text: '' }).done;
    expect(answer).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/empty/) } });
    const unknown = await call('inspect', { ...inspectParams, text: 'Zebra' }).done;
    expect(unknown).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/Z/) } });
  });

  it('generates token by token with progress, and stops when cancelled', async () => {
    const { host, call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const run = call('generate', { key: 'base', text: 'ROMEO:', maxNewTokens: 6, temperature: 1, seed: 1 });
    const answer = await run.done;
    expect(answer.kind).toBe('result');
    expect(run.progress()).toHaveLength(6);
    const tokens = run.progress() as ProgressOf<'generate'>[];
    for (const t of tokens) {
      const p = t.top.map((c) => c.probability);
      expect(p).toEqual([...p].sort((a, b) => b - a));
      expect(p.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
      expect(t.top).toHaveLength(10);
    }
    // The first pass reads the whole prompt (6 characters); then, with the cache, each new token is one position
    // that attends over one more: its attention arithmetic grows, the rest stays.
    expect(tokens[0].flops.qkv).toBe(6 * tokens[1].flops.qkv);
    expect(tokens[2].flops.attention).toBeGreaterThan(tokens[1].flops.attention);
    expect(tokens[2].flops.mlp).toBe(tokens[1].flops.mlp);
    const long = call('generate', { key: 'base', text: 'ROMEO:', maxNewTokens: 10_000, temperature: 1, seed: 1 });
    await new Promise((r) => setTimeout(r, 20));
    host.receive({ kind: 'cancel', id: long.id });
    expect(await long.done).toMatchObject({ kind: 'error', error: { name: 'AbortError' } });
  });

  it('trains a copy, streams losses and snapshots, and leaves the source checkpoint as it was', async () => {
    const { call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const before = await result('inspect', inspectParams);
    const run = call('train', {
      key: 'base',
      corpus: tinyCorpus,
      kind: 'retrained',
      label: 'test run',
      snapshotEvery: 3,
      train: { maxIters: 6, batchSize: 4, blockSize: 16, evalInterval: 3, evalIters: 1, schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 1, decayIters: 6 } },
    });
    const answer = await run.done;
    if (answer.kind !== 'result') throw new Error(JSON.stringify(answer));
    const [first, ...rest] = run.progress() as TrainProgress[];
    expect(first).toEqual({ stage: 'tokenizing', characters: tinyCorpus.length });
    const progress = rest.filter((p): p is TrainStepProgress => p.stage === 'training');
    expect(progress.map((p) => p.iter)).toEqual([1, 2, 3, 4, 5, 6]);
    // The state taken at 3 is sent once step 4's loss has vouched for it; the one at 6 is the result.
    expect(progress.filter((p) => p.snapshot).map((p) => [p.iter, p.snapshot!.iter])).toEqual([[4, 3]]);
    expect(progress.every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(progress[5].loss).toBeLessThan(progress[0].loss);
    expect(rest.filter((p) => p.stage === 'evaluation').map((p) => p.iter)).toEqual([0, 3, 6]);
    const trained = answer.result as TrainResult;
    expect(trained.stopped).toMatchObject({ reason: 'finished', iter: 6 });
    expect(trained.summary.meta).toMatchObject({ kind: 'retrained', label: 'test run', iter: 6 });
    await result('loadCheckpoint', { key: 'mine', bytes: trained.bytes });
    const after = await result('inspect', { ...inspectParams, key: 'mine' });
    expect(after.top[0].probability).not.toBeCloseTo(before.top[0].probability, 6);
    expect((await result('inspect', inspectParams)).top).toEqual(before.top);
  });

  it('finishes a training run whose source checkpoint is unloaded meanwhile, then frees it', async () => {
    const { call, result, host } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const run = call('train', { key: 'base', corpus: tinyCorpus, kind: 'retrained', label: 'x', train: { maxIters: 4, batchSize: 2, blockSize: 16, evalIters: 1 } });
    expect(await result('unloadCheckpoint', { key: 'base' })).toEqual({ unloaded: true });
    const answer = await run.done;
    expect(answer).toMatchObject({ kind: 'result' });
    expect(() => host.state.get('base')).toThrow(/no checkpoint "base"/);
  });

  it('fine-tunes a copy on examples, graded on the responses, and refuses unusable input with a message', async () => {
    const { call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const examples = ['ROMEO', 'Juliet', 'light', 'window', 'east', 'sun'].map((w) => ({ prompt: `${w}:`, response: ` ${w}.` }));
    const run = call('train', {
      key: 'base', examples, kind: 'sft', label: 'echo', train: { maxIters: 40, batchSize: 4, blockSize: 16, evalInterval: 40, evalIters: 2,
        schedule: { maxLr: 1e-2, minLr: 1e-3, warmupIters: 2, decayIters: 40 } },
    });
    const answer = await run.done;
    if (answer.kind !== 'result') throw new Error(JSON.stringify(answer));
    const steps = (run.progress() as TrainProgress[]).filter((p): p is TrainStepProgress => p.stage === 'training');
    expect(steps).toHaveLength(40);
    expect(steps.slice(-5).reduce((s, p) => s + p.loss, 0) / 5).toBeLessThan(steps.slice(0, 5).reduce((s, p) => s + p.loss, 0) / 5 / 2);
    expect((answer.result as TrainResult).summary.meta).toMatchObject({ kind: 'sft', label: 'echo', iter: 40 });
    const both = await call('train', { key: 'base', corpus: tinyCorpus, examples, kind: 'sft', label: 'x', train: {} }).done;
    expect(both).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/either a training text or fine-tuning examples/) } });
    const empty = await call('train', { key: 'base', examples: [{ prompt: 'ROMEO', response: '' }], kind: 'sft', label: 'x', train: {} }).done;
    expect(empty).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/at least two examples/) } });
  });

  it('runs RLHF on a copy: the reward model learns the ratings, PPO reports reward and KL, and the source stays', async () => {
    const { call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const before = await result('inspect', inspectParams);
    // The rater likes answers full of "e"; a checkpoint comes back with kind rlhf.
    const ratings = [['ROMEO:', ' the east', ' But soft'], ['It is', ' the sun', ' what light'], ['Juliet', ' see thee', ' but a']]
      .map(([prompt, chosen, rejected]) => ({ prompt, chosen, rejected }));
    const run = call('rlhf', {
      key: 'base', ratings, prompts: ['ROMEO:', 'Juliet'], label: 'likes e', rewardSteps: 30, iterations: 3, maxNewTokens: 6, lr: 1e-3,
    });
    const answer = await run.done;
    if (answer.kind !== 'result') throw new Error(JSON.stringify(answer));
    const progress = run.progress() as RlhfProgress[];
    const reward = progress.filter((p) => p.stage === 'reward');
    const ppo = progress.filter((p) => p.stage === 'ppo');
    expect(reward).toHaveLength(30);
    expect(reward[29].loss).toBeLessThan(reward[0].loss);
    expect(reward[29].accuracy).toBe(1);
    expect(ppo.map((p) => p.iter)).toEqual([1, 2, 3]);
    expect(ppo[0].kl).toBe(0); // the policy is its own reference before the first update
    expect(ppo.every((p) => Number.isFinite(p.reward) && p.sample.response.length > 0)).toBe(true);
    const done = answer.result as ResultOf<'rlhf'>;
    expect(done.summary.meta).toMatchObject({ kind: 'rlhf', label: 'likes e', iter: 3 });
    expect((await result('inspect', inspectParams)).top).toEqual(before.top);
    await result('loadCheckpoint', { key: 'aligned', bytes: done.bytes });
  });

  it('stops an RLHF run when cancelled, between steps', async () => {
    const { call, result, host } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const ratings = [{ prompt: 'ROMEO', chosen: ' the east', rejected: ' soft' }, { prompt: 'It', chosen: ' the sun', rejected: ' what' }];
    const run = call('rlhf', { key: 'base', ratings, prompts: ['ROMEO'], label: 'x', rewardSteps: 10_000, iterations: 1 });
    await new Promise((r) => setTimeout(r, 50));
    host.receive({ kind: 'cancel', id: run.id });
    expect(await run.done).toMatchObject({ kind: 'error', error: { name: 'AbortError' } });
    expect(run.progress().length).toBeLessThan(10_000);
  });

  it('refuses RLHF without usable ratings or prompts, with a message', async () => {
    const { call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const one = await call('rlhf', { key: 'base', ratings: [{ prompt: 'ROMEO', chosen: ' a', rejected: ' b' }], prompts: ['ROMEO'], label: 'x' }).done;
    expect(one).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/at least two pairs/) } });
    const ratings = [{ prompt: 'ROMEO', chosen: ' a', rejected: ' b' }, { prompt: 'It', chosen: ' is', rejected: ' the' }];
    const none = await call('rlhf', { key: 'base', ratings, prompts: [''], label: 'x' }).done;
    expect(none).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/at least one prompt/) } });
  });

  it('shows one attention head with real numbers, and what switching heads off does to the loss and the predictions', async () => {
    const { call, result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const text = 'ROMEO: But soft';
    const head = await result('attentionHead', { key: 'base', text, layer: 1, head: 1 });
    const T = head.tokens.length, hs = head.hs;
    expect(head.q).toHaveLength(T * hs);
    for (let i = 0; i < T; i++) {
      let rowSum = 0;
      for (let j = 0; j < T; j++) {
        rowSum += head.weights[i * T + j];
        if (j > i) {
          expect(head.weights[i * T + j]).toBe(0);
          expect(head.scores[i * T + j]).toBe(-Infinity);
        }
      }
      expect(rowSum).toBeCloseTo(1, 5);
      // out = weights · v, row by row
      for (let d = 0; d < hs; d++) {
        let sum = 0;
        for (let j = 0; j < T; j++) sum += head.weights[i * T + j] * head.v[j * hs + d];
        expect(head.out[i * hs + d]).toBeCloseTo(sum, 5);
      }
    }
    expect(head.loss).toBeGreaterThan(0);
    const off = await result('attentionHead', { key: 'base', text, layer: 1, head: 1, headMask: [[1, 1], [1, 0]] });
    expect(Array.from(off.out).every((x) => x === 0)).toBe(true);
    expect(off.weights).toEqual(head.weights); // switching a head off changes what it passes on, not what it looks at
    expect(off.loss).not.toBeCloseTo(head.loss!, 6);
    expect(off.top.map((t) => t.probability)).not.toEqual(head.top.map((t) => t.probability));
    const bad = await call('attentionHead', { key: 'base', text, layer: 5, head: 0 }).done;
    expect(bad).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/no layer 6/) } });
    const one = await result('attentionHead', { key: 'base', text: 'R', layer: 0, head: 0 });
    expect(one.loss).toBeNull();
  });

  it('puts static and contextual vectors on one map: a token is one point at depth 0 and moves with its context after', async () => {
    const { call, result } = harness();
    const summary = await result('loadCheckpoint', { key: 'base', bytes });
    const texts = ['the east', 'Juliet is the sun'];
    const pointOf = (map: ResultOf<'contextMap'>, text: number, label: string) => {
      const i = map.labels.findIndex((l, j) => l === label && map.textIndex[j] === text);
      return [map.points[2 * i], map.points[2 * i + 1]];
    };
    const statics = await result('contextMap', { key: 'base', texts, layer: 0 });
    expect(statics.labels).toHaveLength(8 + 16);
    expect(pointOf(statics, 0, 'h')).toEqual(pointOf(statics, 1, 'h'));
    const contextual = await result('contextMap', { key: 'base', texts, layer: summary.config.nLayer });
    expect(pointOf(contextual, 0, 'h')).not.toEqual(pointOf(contextual, 1, 'h'));
    const bad = await call('contextMap', { key: 'base', texts, layer: 9 }).done;
    expect(bad).toMatchObject({ kind: 'error', error: { name: 'InputError' } });
  });

  it("maps the model's token embeddings with PCA and finds a token's nearest neighbours", async () => {
    const { result } = harness();
    const summary = await result('loadCheckpoint', { key: 'base', bytes });
    const map = await result('embeddingMap', { key: 'base', k: 2, query: 'R', neighbours: 5 });
    expect(map.labels).toHaveLength(summary.tokenizer.vocabSize);
    expect(map.points).toHaveLength(2 * summary.tokenizer.vocabSize);
    expect(map.explained[0]).toBeGreaterThanOrEqual(map.explained[1]);
    expect(map.explained[0] + map.explained[1]).toBeLessThanOrEqual(1 + 1e-9);
    expect(map.query!.label).toBe('R');
    expect(map.query!.neighbours).toHaveLength(5);
    expect(map.query!.neighbours.map((n) => n.label)).not.toContain('R');
  });

  it('trains word2vec live: the loss falls, the map is redrawn each chunk, and neighbours stay within a topic', async () => {
    const { call } = harness();
    const topics = [['cat', 'dog', 'mouse', 'horse', 'cow'], ['sun', 'moon', 'star', 'sky', 'cloud']];
    let x = 7;
    const pickFrom = (words: string[]) => words[(x = (x * 48271) % 2147483647) % words.length];
    const corpus = Array.from({ length: 400 }, (_, i) => Array.from({ length: 8 }, () => pickFrom(topics[i % 2])).join(' ')).join('\n');
    const run = call('word2vec', { corpus, dim: 16, epochs: 5, chunkPairs: 2000, showWords: 10, query: 'cat', subsample: 0 });
    const answer = await run.done;
    if (answer.kind !== 'result') throw new Error(JSON.stringify(answer));
    const frames = run.progress() as ProgressOf<'word2vec'>[];
    expect(frames.length).toBeGreaterThan(3);
    expect(frames[frames.length - 1].loss).toBeLessThan(frames[0].loss);
    expect(frames.every((f) => f.points.length === 2 * f.labels.length)).toBe(true);
    const done = answer.result as ResultOf<'word2vec'>;
    const nearest = done.query!.neighbours.slice(0, 3).map((n) => n.label.replace('␣', ''));
    expect(nearest.every((w) => topics[0].includes(w))).toBe(true);
    const unknown = await call('word2vec', { corpus, query: 'zebra', epochs: 1 }).done;
    expect(unknown).toMatchObject({ kind: 'error', error: { name: 'InputError', message: expect.stringMatching(/zebra/) } });
    const empty = await call('word2vec', { corpus: 'one\ntwo' }).done;
    expect(empty).toMatchObject({ kind: 'error', error: { name: 'InputError' } });
  });

  it('starts a training run after the requests sent before it, and answers later requests while it trains', async () => {
    const { call } = harness();
    const load = call('loadCheckpoint', { key: 'base', bytes });
    const run = call('train', { key: 'base', corpus: tinyCorpus, kind: 'retrained', label: 'x', train: { maxIters: 30, batchSize: 2, blockSize: 16 } });
    const meanwhile = call('inspect', inspectParams);
    expect((await load.done).kind).toBe('result');
    expect((await meanwhile.done).kind).toBe('result');
    expect(run.progress().length).toBeLessThan(31);
    expect((await run.done).kind).toBe('result');
  });

  it('moves every model to another backend when the GPU is lost, and tells the page', async () => {
    const { result, lost, messages } = harness();
    await result('setBackend', { choice: 'webgpu' });
    await result('loadCheckpoint', { key: 'base', bytes });
    const before = await result('inspect', inspectParams);
    lost[0]('device lost (destroyed)');
    const after = await result('inspect', inspectParams);
    expect(after.top).toEqual(before.top);
    const event = messages.find((m) => m.kind === 'event');
    expect(event).toMatchObject({ kind: 'event', event: { type: 'backendChanged', report: { reason: expect.stringMatching(/^WebGPU stopped \(device lost \(destroyed\)\), so asked for wasm/) } } });
  });

  it('rebuilds every loaded model when the backend changes', async () => {
    const { result } = harness();
    await result('loadCheckpoint', { key: 'base', bytes });
    const before = await result('inspect', inspectParams);
    const report = await result('setBackend', { choice: 'js' });
    expect(report.reason).toBe('asked for js');
    expect((await result('inspect', inspectParams)).top).toEqual(before.top);
  });

  it('loads a checkpoint given as a Blob, keeps the Blob and not its bytes, and rebuilds from it on a backend switch', async () => {
    const { host, result, call } = harness();
    const file = new Blob([bytes]);
    const summary = await result('loadCheckpoint', { key: 'base', blob: file });
    expect(summary.bytes).toBe(bytes.byteLength);
    const slot = host.state.get('base');
    expect(slot.bytes).toBeNull();
    expect(slot.file).toBe(file);
    const before = await result('inspect', inspectParams);
    await result('setBackend', { choice: 'js' });
    expect(host.state.get('base').loaded).not.toBe(slot.loaded); // built again, from the Blob
    expect((await result('inspect', inspectParams)).top).toEqual(before.top);
    const both = await call('loadCheckpoint', { key: 'x', bytes, blob: file } as never).done;
    expect(both.kind === 'error' && both.error.message).toMatch(/either bytes or blob/);
    const bad = await call('loadCheckpoint', { key: 'x', blob: new Blob([new Uint8Array(64)]) }).done;
    expect(bad.kind === 'error' && bad.error.name).toBe('CheckpointError');
    expect(host.state.has('x')).toBe(false);
  });
});
