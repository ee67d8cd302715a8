// The platform's worker methods, called as a chapter would, on the real engine worker in Chromium (wasm backend,
// the shipped model): createModel, tokenize, evaluate with the head table, inspect and generate with ids in and
// out, and a training run paused and resumed. Each check's outcome goes to window.__engineCalls for the spec.
import { createBrowserEngine } from '../../../src/workers/browserEngine';

type Check = { name: string; ok: boolean; detail: string };
const results: Check[] = [];
const log = document.getElementById('log')!;
const engine = createBrowserEngine(() => {}, () => {});

async function check(name: string, run: () => Promise<string | null>): Promise<void> {
  let outcome: Check;
  try {
    const problem = await run();
    outcome = { name, ok: problem === null, detail: problem ?? 'ok' };
  } catch (error) {
    outcome = { name, ok: false, detail: `${(error as Error).name}: ${(error as Error).message}` };
  }
  results.push(outcome);
  log.textContent += `${outcome.ok ? 'ok  ' : 'FAIL'} ${name}: ${outcome.detail}\n`;
}

const text = 'ROMEO:\nBut soft, what light through yonder window breaks?\nIt is the east, and Juliet is the sun.\n';

async function main(): Promise<void> {
  const backend = await engine.call('setBackend', { choice: 'auto' });
  log.textContent += `backend: ${backend.description}\n`;
  // The page lives three folders down; the shipped model at the site's root.
  const shipped = await fetch(new URL('/models/default.tbt', location.href));
  await engine.call('loadCheckpoint', { key: 'base', bytes: await shipped.arrayBuffer() });

  await check('tokenize: GPT-4o ids of "Hello world", from the shipped rank table', async () => {
    const r = await engine.call('tokenize', { text: 'Hello world', tokenizer: 'gpt4o' });
    return Array.from(r.ids).join() === '13225,2375' ? null : `ids ${Array.from(r.ids)}`;
  });
  await check('tokenize: the model cuts Привет into bytes it marks as partial characters', async () => {
    const r = await engine.call('tokenize', { text: 'Привет', tokenizer: 'model', key: 'base' });
    const partial = Array.from(r.flags).filter((f) => f & 1).length;
    return partial > 0 && r.charEnds[r.charEnds.length - 1] === 6 ? null : `${partial} partial tokens`;
  });
  await check('createModel: a fresh seeded model with the shipped tokenizer, loaded and run', async () => {
    const made = await engine.call('createModel', { config: { nLayer: 1, nHead: 2, nEmbd: 32, blockSize: 32 }, tokenizerOf: 'base', seed: 7 });
    await engine.call('loadCheckpoint', { key: 'fresh', bytes: made.bytes });
    const r = await engine.call('inspect', { key: 'fresh', text: 'ROMEO:', temperature: 1, seed: 1, topCount: 3 });
    return made.config.activation === 'gelu' && r.top.length === 3 ? null : `activation ${made.config.activation}`;
  });
  await check('evaluate: per-position losses and every head\'s importance', async () => {
    const r = await engine.call('evaluate', { key: 'base', text, headTable: true });
    const n = r.tokens.length - 1;
    const cells = r.heads?.increase.flat() ?? [];
    if (r.losses.length !== n || !Number.isFinite(r.meanLoss)) return `losses ${r.losses.length} for ${n} positions`;
    return cells.length === 16 && cells.every(Number.isFinite) ? null : `${cells.length} head cells`;
  });
  await check('inspect and generate: greedy, ids in, forced tokens, one seed stream', async () => {
    const greedy = await engine.call('inspect', { key: 'base', text: 'ROMEO:', temperature: 0, seed: 1, topCount: 3 });
    const byIds = await engine.call('inspect', { key: 'base', ids: greedy.ids, temperature: 0, seed: 1, topCount: 3 });
    if (greedy.chosen.id !== greedy.top[0].id || byIds.chosen.id !== greedy.chosen.id) return 'greedy is not the argmax, or ids differ from text';
    const forced = [greedy.top[1].id];
    const out = await engine.call('generate', { key: 'base', ids: greedy.ids, forced, maxNewTokens: 4, temperature: 0.8, seed: 5 });
    const sampled = await engine.call('inspect', { key: 'base', ids: [...greedy.ids, ...forced], temperature: 0.8, seed: 5, topCount: 3 });
    if (out.ids[0] !== forced[0]) return 'the forced token did not come first';
    return out.ids[1] === sampled.chosen.id ? null : `generate drew ${out.ids[1]}, inspect ${sampled.chosen.id}`;
  });
  await check('train: a run paused after three steps answers with its state, and resumes to the end', async () => {
    const controller = new AbortController();
    let steps = 0;
    const paused = await engine.call(
      'train',
      { key: 'fresh', corpus: text.repeat(20), label: 'x', kind: 'pretrained', train: { maxIters: 12, batchSize: 2, evalIters: 1 } },
      { signal: controller.signal, keepAnswerOnCancel: true, onProgress: (p) => { if (p.stage === 'training' && ++steps === 3) controller.abort(); } },
    );
    if (paused.stopped.reason !== 'cancelled') return `stopped: ${paused.stopped.reason}`;
    const done = await engine.call('train', { corpus: text.repeat(20), label: 'x', kind: 'pretrained', resume: { runState: paused.runState } });
    return done.stopped.reason === 'finished' && done.stopped.iter === 12 ? null : `resumed run stopped at ${done.stopped.iter} (${done.stopped.reason})`;
  });
}

main()
  .catch((error) => {
    results.push({ name: 'setup', ok: false, detail: String(error) });
    log.textContent += `FAIL setup: ${String(error)}\n`;
  })
  .finally(() => Object.assign(window, { __engineCalls: results }));
