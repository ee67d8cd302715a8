// npm run bench:browser [-- --quick] [--backends …] [--only …] [--stat …] [--no-peer] [--compare node.jsonl]
// The same bench in headless Chromium: serves the bench page with Vite (dev server, COOP/COEP so the page is
// cross-origin isolated and wasm threads work), drives it with Playwright, prints the same JSON lines and tables.
// --compare takes the JSON lines of `npm run bench` and adds a browser ÷ Node table (issue 17: wasm within 1.1×;
// issue 3: the rest within 1.25×).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { Args } from '../../cli/args';
import { jsonLine, renderTables, type Figure } from '../figures';
import { benchOptions, toQuery } from '../options';
import type { BenchMessage } from './benchWorker';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const PAGE = '/scripts/bench/browser/index.html';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (message: string) => process.stderr.write(`# ${message}\n`);

/** The browser's slowdown that each figure may have: issue 17 asks 1.1× for the wasm engine, issue 3 1.25× for the rest. */
const allowedSlowdown = (f: Figure) => (f.backend === 'wasm' ? 1.1 : 1.25);

function compareTable(browser: readonly Figure[], nodeFile: string): string {
  const node = readFileSync(nodeFile, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Figure);
  const pairs = browser.flatMap((b) => {
    const n = node.find((f) => f.figure === b.figure && f.backend === b.backend && f.threads === b.threads);
    if (!n || b.unit === '%') return []; // a share is no speed
    const slower = b.unit === 'ms' ? b.value / n.value : n.value / b.value; // > 1: the browser is slower
    return [{ b, n, slower }];
  });
  const rows = pairs.map(({ b, n, slower }) => `${b.figure.padEnd(24)} ${`${b.backend}·${b.threads}t`.padEnd(14)} ` +
    `${n.value.toPrecision(4).padStart(9)} ${b.value.toPrecision(4).padStart(9)} ${b.unit.padEnd(8)} ${slower.toFixed(2).padStart(6)}×` +
    `${slower > allowedSlowdown(b) ? `  > ${allowedSlowdown(b)}` : ''}`);
  // The barrier's wait is a diagnostic (time a thread idles), not a speed a reader feels; it swings 1–9 ms between
  // runs in one environment, so it is shown but not judged.
  const wasm = pairs.filter(({ b }) => b.backend === 'wasm' && b.figure !== 'train_step_barrier_wait');
  const over = wasm.filter(({ b, slower }) => slower > allowedSlowdown(b));
  const worst = wasm.reduce((m, p) => Math.max(m, p.slower), 0);
  const verdict = wasm.length === 0 ? '' : `\n[${over.length === 0 ? 'met' : 'NOT met'}] Chromium within 1.1× of Node for every wasm figure ` +
    `(issue 17; the barrier's wait not judged): ${wasm.length - over.length} of ${wasm.length} within, the slowest ${worst.toFixed(2)}×`;
  return ['Browser vs Node (browser slowdown: > 1 = the browser is slower; issue 17 asks ≤ 1.1 for wasm, issue 3 ≤ 1.25 for the rest)',
    `${'figure'.padEnd(24)} ${'backend'.padEnd(14)} ${'node'.padStart(9)} ${'browser'.padStart(9)} ${'unit'.padEnd(8)} ${'ratio'.padStart(7)}`,
    ...rows].join('\n') + verdict;
}

async function main() {
  const args = new Args();
  const o = benchOptions(args);
  const compare = args.string('compare');
  const started = performance.now();
  const cpu = cpus();
  log(`${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; load average (1/5/15 min) at start: ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);

  const server = await createServer({
    configFile: false, root: ROOT, logLevel: 'warn', clearScreen: false,
    server: { host: '127.0.0.1', port: 5190, strictPort: false,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
    worker: { format: 'es' },
    // Pre-bundle tfjs and gpt-tokenizer (the tokenizer figure's peer) up front: discovering them while the worker runs
    // would make Vite reload the page mid-bench.
    optimizeDeps: {
      entries: [PAGE.slice(1)],
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-core/dist/register_all_gradients', '@tensorflow/tfjs-backend-wasm',
        'gpt-tokenizer/encoding/r50k_base', 'gpt-tokenizer/encoding/o200k_base'],
    },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5190/';
  const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--enable-unsafe-webgpu'],
  });
  const figures: Figure[] = [];
  try {
    const page = await context.newPage();
    log(`Chromium ${context.browser()?.version() ?? ''} at ${CHROMIUM}; page ${base.replace(/\/$/, '')}${PAGE}`);
    const finished = new Promise<void>((resolve, reject) => {
      page.on('console', (msg) => {
        const text = msg.text();
        if (!text.startsWith('BENCH ')) {
          if (msg.type() === 'error') log(`page console: ${text}`);
          return;
        }
        const m = JSON.parse(text.slice(6)) as BenchMessage;
        if (m.kind === 'log') log(m.message);
        else if (m.kind === 'figure') {
          figures.push(m.figure);
          process.stdout.write(`${jsonLine(m.figure)}\n`);
        } else if (m.kind === 'done') resolve();
        else reject(new Error(m.message));
      });
      page.on('pageerror', (error) => reject(error));
    });
    await page.goto(`${base.replace(/\/$/, '')}${PAGE}?${toQuery(o)}`);
    await finished;
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  process.stderr.write(`\n${renderTables(figures)}\n\n`);
  if (compare) process.stderr.write(`${compareTable(figures, compare)}\n\n`);
  log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' / ')}; browser bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`browser bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
