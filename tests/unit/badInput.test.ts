// The bad-input corpus (tests/badInput), in Node: every case must end in a clear message or a correct result —
// never silence, a raw exception or a hang — and the models loaded before the cases must still answer as before
// (nothing the reader had is lost). The summary table goes to .ci-out/bad-input-node.json for the closing note.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpeTokenizer, GPT, saveModel, trainBpe } from '../../src/engine';
import { hostHarness } from '../../src/workers/testing/hostHarness';
import { tinyCheckpoint, tinyCorpus } from '../../src/workers/testing/tinyCheckpoint';
import type { Outcome } from '../badInput/outcome';
import { urlCases } from '../badInput/urlCases';
import { allWorkerCases, type WorkerEnv } from '../badInput/workerCases';

const seen: { cls: string; name: string; outcome: Outcome }[] = [];
let env: WorkerEnv;
let reference: string;

async function bpeCheckpoint(): Promise<ArrayBuffer> {
  const tokenizer: BpeTokenizer = trainBpe(`${tinyCorpus} Привіт 你好 🙂 مرحبا`, { vocabSize: 300 });
  const model = new GPT({ vocabSize: tokenizer.vocabSize, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' }, 5);
  const bytes = await saveModel(model, tokenizer, { kind: 'base', label: 'bpe', createdAt: '2026-01-01T00:00:00.000Z', iter: 0 });
  model.dispose();
  return bytes.slice().buffer as ArrayBuffer;
}

const fingerprint = async () =>
  JSON.stringify(await Promise.all(['base', 'bpe'].map((key) => env.harness.result('inspect', { key, text: 'ROMEO:', temperature: 1, seed: 3, topCount: 5 }).then((r) => r.top))));

beforeAll(async () => {
  const harness = hostHarness();
  const good = await tinyCheckpoint();
  await harness.result('loadCheckpoint', { key: 'base', bytes: good.slice(0) });
  await harness.result('loadCheckpoint', { key: 'bpe', bytes: await bpeCheckpoint() });
  env = { harness, good, context: 16 };
  reference = await fingerprint();
});

afterAll(() => {
  const count = (kind: Outcome['kind']) => seen.filter((s) => s.outcome.kind === kind).length;
  const summary = {
    cases: seen.length, clearMessages: count('message'), correct: count('correct'), silent: count('silent'),
    exceptions: count('exception'), hangs: count('hang'), dataLost: dataLost ? 1 : 0,
    byClass: Object.fromEntries([...new Set(seen.map((s) => s.cls))].map((c) => [c, seen.filter((s) => s.cls === c).length])),
  };
  mkdirSync('.ci-out', { recursive: true });
  writeFileSync('.ci-out/bad-input-node.json', JSON.stringify({ summary, cases: seen }, null, 1));
  console.log('bad-input corpus (Node):', JSON.stringify(summary));
});
let dataLost = false;

describe('bad-input corpus, worker boundary', () => {
  for (const c of allWorkerCases) {
    it(`${c.cls}: ${c.name}`, async () => {
      const outcome = await c.run(env);
      seen.push({ cls: c.cls, name: c.name, outcome });
      expect(['message', 'correct'], `${outcome.kind}: ${outcome.text}`).toContain(outcome.kind);
    });
  }

  it('lost nothing: the models loaded before the cases answer exactly as before', async () => {
    const after = await fingerprint();
    dataLost = after !== reference;
    expect(after).toBe(reference);
  });
});

describe('bad-input corpus, addresses', () => {
  for (const c of urlCases) {
    it(c.name, async () => {
      const outcome = await c.run(null);
      seen.push({ cls: c.cls, name: c.name, outcome });
      expect(outcome.kind, outcome.text).toBe('correct');
    });
  }
});
