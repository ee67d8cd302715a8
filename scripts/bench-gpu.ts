// npm run bench:gpu [-- --quick] [--software] [--node] [--no-wasm] [--timeout 1200] [--port 4180]
// On a machine with a GPU: serves scripts/bench-gpu.html with Vite (cross-origin isolated, so wasm gets threads;
// the work runs in bench-gpu.worker.ts), opens it in headless Chromium with WebGPU on Vulkan (Chrome's flags for
// headless Linux + NVIDIA) and prints what it measures (bench-gpu.workload.ts). --node runs the same workload in
// Node through Dawn on the system's Vulkan driver; --software uses SwiftShader (no GPU) to check the script itself.
// CHROMIUM_PATH picks the browser; CHROMIUM_FLAGS (space-separated) adds flags.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Args } from './cli/args';

const args = new Args();
const quick = args.flag('quick'), software = args.flag('software'), noWasm = args.flag('no-wasm');
const timeoutMs = args.number('timeout', 1200) * 1000;
const log = (line: string) => console.log(line);

// developer.chrome.com/blog/supercharge-web-ai-testing (headless Chrome on Linux with an NVIDIA GPU); the ANGLE
// features follow gpuweb/gpuweb#5022. One --enable-features: Chromium keeps only the last one given.
const GPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan',
  '--use-angle=vulkan', '--disable-vulkan-surface', '--ignore-gpu-blocklist'];
const SOFTWARE_FLAGS = ['--enable-unsafe-webgpu', '--disable-gpu'];

async function inNode(): Promise<void> {
  const { nodeGpu } = await import('../src/engine/backends/webgpu/testing/nodeGpu');
  const { requestWebGpuDevice } = await import('../src/engine/backends/webgpu/probe');
  const { createWasmBackend } = await import('../src/engine/backends/wasm/wasmBackend');
  const { runGpuBench } = await import('./bench-gpu.workload');
  const { device, adapter } = await requestWebGpuDevice(await nodeGpu({ driver: software ? 'swiftshader' : 'system' }));
  log(`adapter (Node, Dawn): ${adapter.description} · ${adapter.vendor} ${adapter.architecture}${adapter.isSoftware ? ' · SOFTWARE' : ''}`);
  await runGpuBench({ quick, device, log, createWasm: noWasm ? null : () => createWasmBackend() });
  device.destroy();
}

async function inChromium(): Promise<void> {
  const { createServer } = await import('vite');
  const { chromium } = await import('playwright-core');
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const port = args.number('port', 4180);
  const server = await createServer({
    configFile: false, root: process.cwd(), logLevel: 'warn',
    // Crawl the page's imports up front and keep HMR off: a dependency found late would reload the page mid-run.
    optimizeDeps: { entries: ['scripts/bench-gpu.html', 'scripts/bench-gpu.worker.ts'] },
    server: { host: '127.0.0.1', port, strictPort: true, headers: isolation, hmr: false },
  });
  await server.listen();
  const flags = [...(software ? SOFTWARE_FLAGS : GPU_FLAGS), ...(process.env.CHROMIUM_FLAGS?.split(' ').filter(Boolean) ?? [])];
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bench-gpu-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', ...flags],
  });
  log(`chromium flags: ${flags.join(' ')}`);
  try {
    const page = await context.newPage();
    const finished = new Promise<void>((resolve, reject) => {
      page.on('console', (message) => {
        const text = message.text();
        if (text.startsWith('[bench-gpu] ')) log(text.slice(12));
        else if (text === '[bench-gpu:done]') resolve();
        else if (text.startsWith('[bench-gpu:error]')) reject(new Error(text.slice(18)));
      });
      page.on('pageerror', (error) => reject(error));
      setTimeout(() => reject(new Error(`no result within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const query = [quick ? 'quick' : '', noWasm ? 'nowasm' : ''].filter(Boolean).join('&');
    await page.goto(`http://127.0.0.1:${port}/scripts/bench-gpu.html${query ? `?${query}` : ''}`);
    await finished;
  } finally {
    await context.close();
    await server.close();
  }
}

(args.flag('node') ? inNode() : inChromium()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:gpu failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!software && /no adapter/.test(String(error))) {
      console.error('No GPU adapter: check `nvidia-smi`, the Vulkan driver (vulkaninfo), try --node, or add flags with CHROMIUM_FLAGS.');
    }
    process.exit(1);
  },
);
