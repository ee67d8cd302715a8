// The bench page: starts the bench worker with the page's query string, shows its output, and relays every
// message to the console as "BENCH <json>" so the Playwright driver (drive.ts) can stream it.
import type { BenchMessage } from './benchWorker';
import { jsonLine } from '../figures';

const out = document.getElementById('out')!;
const worker = new Worker(new URL('./benchWorker.ts', import.meta.url), { type: 'module' });

worker.onmessage = (e: MessageEvent<BenchMessage>) => {
  const m = e.data;
  console.log(`BENCH ${JSON.stringify(m)}`);
  out.textContent += m.kind === 'figure' ? `${jsonLine(m.figure)}\n` : m.kind === 'log' ? `# ${m.message}\n`
    : m.kind === 'done' ? '# done\n' : `# error: ${m.message}\n`;
};
worker.onerror = (e) => {
  const m: BenchMessage = { kind: 'error', message: `the bench worker failed: ${e.message}` };
  console.log(`BENCH ${JSON.stringify(m)}`);
  out.textContent += `# ${m.message}\n`;
};
worker.postMessage({ search: location.search });
