// The GPT-2 race is on one model: the peer (onnxruntime-web's wasm backend running our PyTorch reference exported
// to ONNX by scripts/golden/export_gpt2_onnx.py, as `npm run bench -- --only gpt2` does) gives our engine's logits
// to 1e-4 on the tiny GPT-2 fixture, over a whole prompt and step by step with its KV cache. The export needs
// Debian's python3-torch: where it is missing (CI) the suite is skipped, and its name says why.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../../src/engine/backends/wasm';
import { noGrad, tensor, withBackendAsync, type Backend } from '../../src/engine';
import { loadGpt2, planGpt2 } from '../../src/engine/model/gpt2/gpt2File';
import { bytesSource } from '../../src/engine/model/gpt2/safetensors';
import { openOrtGpt2, type OrtGpt2 } from '../../scripts/bench/peers/ortGpt2';
import { openTjsGpt2, type TjsGpt2 } from '../../scripts/bench/peers/tjsGpt2';
import { PYTHON, torchMissing } from '../../scripts/bench/torchBench';

const fixtures = new URL('../fixtures/gpt2/', import.meta.url);
const golden = JSON.parse(readFileSync(new URL('golden.json', fixtures), 'utf8')) as { idx: number[][] };
const config = JSON.parse(readFileSync(new URL('config.json', fixtures), 'utf8')) as unknown;
const missing = torchMissing();

/** Our engine's logits (all positions) for each row of `rows`, from the tiny fixture, on `backend`. */
async function ours(backend: Backend, rows: number[][]): Promise<Float32Array[]> {
  return withBackendAsync(backend, async () => {
    const src = bytesSource(new Uint8Array(readFileSync(new URL('tiny.safetensors', fixtures))));
    const model = await loadGpt2(src, await planGpt2(src, config));
    try {
      const out: Float32Array[] = [];
      for (const ids of rows) out.push(Float32Array.from(await noGrad(() => model.forward(tensor(ids, [1, ids.length])).logits).data()));
      return out;
    } finally {
      model.dispose();
    }
  });
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe.skipIf(missing !== null)(`the GPT-2 peer runs the same model as our engine${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let dir = '';
  let peer: OrtGpt2;
  let tjs: TjsGpt2;
  let engine: Float32Array[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gpt2-peer-'));
    const script = fileURLToPath(new URL('../../scripts/golden/export_gpt2_onnx.py', import.meta.url));
    // the Hugging Face layout transformers.js reads: dir/tiny/config.json, dir/tiny/onnx/model.onnx
    mkdirSync(join(dir, 'tiny', 'onnx'), { recursive: true });
    copyFileSync(new URL('config.json', fixtures), join(dir, 'tiny', 'config.json'));
    const onnx = join(dir, 'tiny', 'onnx', 'model.onnx');
    const run = spawnSync(PYTHON, [script, '--from', fileURLToPath(new URL('tiny.safetensors', fixtures)), onnx], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`export_gpt2_onnx.py failed: ${run.stderr}`);
    peer = await openOrtGpt2(onnx, 1);
    tjs = await openTjsGpt2(dir, 'tiny', 1);
    const backend = await createWasmBackend({ threads: 1 });
    try {
      engine = await ours(backend, golden.idx);
    } finally {
      backend.dispose();
    }
  }, 120_000);
  afterAll(async () => {
    await peer?.release();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the graph: layers, heads, head size and vocabulary of the fixture', () => {
    expect(peer).toMatchObject({ nLayer: 2, nHead: 2, headSize: 8, vocabSize: 97 });
  });

  it('a whole prompt gives our logits at every position to 1e-4', async () => {
    for (const [row, ids] of golden.idx.entries()) {
      const { logits, present } = await peer.forward(ids, null);
      expect(maxDiff(logits, engine[row])).toBeLessThan(1e-4);
      expect(present[0].dims).toEqual([1, 2, ids.length, 8]); // the cache it hands back holds every position
    }
  });

  it('a short prompt then one token at a time with the KV cache gives the same logits', async () => {
    const V = peer.vocabSize;
    for (const [row, ids] of golden.idx.entries()) {
      let { logits, present } = await peer.forward(ids.slice(0, 4), null);
      expect(maxDiff(logits, engine[row].subarray(0, 4 * V))).toBeLessThan(1e-4);
      for (let t = 4; t < ids.length; t++) {
        ({ logits, present } = await peer.forward([ids[t]], present));
        expect(maxDiff(logits, engine[row].subarray(t * V, (t + 1) * V))).toBeLessThan(1e-4);
      }
    }
  });

  it('transformers.js on the same graph gives our logits, and its greedy generate() our greedy tokens', async () => {
    const ids = golden.idx[0];
    expect(maxDiff(await tjs.logits(ids), engine[0])).toBeLessThan(1e-4);
    // greedy continuation of a 4-token prompt, step by step on the (already checked) onnxruntime-web forward
    const prompt = ids.slice(0, 4), expected: number[] = [];
    let { logits, present } = await peer.forward(prompt, null);
    for (let step = 0; step < 6; step++) {
      const last = logits.subarray(logits.length - peer.vocabSize);
      const next = last.indexOf(Math.max(...last));
      expected.push(next);
      ({ logits, present } = await peer.forward([next], present));
    }
    expect((await tjs.generate(prompt, 6)).tokens).toEqual(expected);
  });

  it('a different model would be caught: the check is not loose', async () => {
    const { logits } = await peer.forward(golden.idx[0], null);
    expect(maxDiff(logits, engine[1])).toBeGreaterThan(1e-2);
  });
});
