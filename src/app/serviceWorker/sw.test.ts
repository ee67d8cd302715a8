// The service worker's own code (sw.js, as the build emits it) run in a Node sandbox with an in-memory Cache API
// and a scripted network: it caches and serves only what was asked for. The browser side is in
// tests/e2e/offline.spec.ts and tests/e2e/security.spec.ts.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const origin = 'https://book.example';
const source = readFileSync(new URL('./sw.js', import.meta.url), 'utf8');

type Route = { status?: number; type: string; body?: string };
type Listener = (event: unknown) => void;

/** Cache storage keyed by URL without its query, which is how the worker matches (ignoreSearch). */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  private key(request: Request | string) {
    const url = new URL(typeof request === 'string' ? request : request.url);
    return url.origin + url.pathname;
  }
  async match(request: Request | string) {
    return this.entries.get(this.key(request))?.clone();
  }
  async put(request: Request | string, response: Response) {
    this.entries.set(this.key(request), response);
  }
  async delete(request: Request | string) {
    return this.entries.delete(this.key(request));
  }
}

/** Loads sw.js with the given precache list and network, as the build would prepend it. */
function startWorker(files: string[], network: Record<string, Route>) {
  const listeners = new Map<string, Listener>();
  const cache = new MemoryCache();
  const requested: string[] = [];
  const fetch = async (request: Request) => {
    const path = new URL(request.url).pathname;
    requested.push(path);
    const route = network[path];
    if (!route) throw new TypeError('Failed to fetch');
    const response = new Response(route.body ?? '', { status: route.status ?? 200, headers: { 'Content-Type': route.type } });
    // Same-origin answers from the network are 'basic'; a Response made here would say 'default'.
    Object.defineProperty(response, 'type', { value: 'basic' });
    return response;
  };
  const self = {
    PRECACHE: { version: 'test', files },
    location: new URL(`${origin}/sw.js`),
    clients: { claim: async () => {} },
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
  };
  const caches = { open: async () => cache, keys: async () => ['tbt-test'], delete: async () => true };
  // Request resolves relative URLs against the worker's location, as in a service worker.
  const ScopedRequest = class extends Request {
    constructor(input: string, init?: RequestInit) {
      super(new URL(input, self.location.href), init);
    }
  };
  runInNewContext(`self.PRECACHE = ${JSON.stringify(self.PRECACHE)};\n${source}`, {
    self, caches, fetch, URL, Request: ScopedRequest, Response, console,
  });

  return {
    cache,
    requested,
    async install() {
      let done: Promise<unknown> = Promise.resolve();
      listeners.get('install')!({ waitUntil: (p: Promise<unknown>) => (done = p) });
      await done;
    },
    async get(path: string): Promise<Response> {
      let answer: Promise<Response> | undefined;
      listeners.get('fetch')!({ request: new Request(`${origin}${path}`), respondWith: (p: Promise<Response>) => (answer = p) });
      return answer!;
    },
  };
}

const page = { type: 'text/html', body: '<!doctype html><title>Token by Token</title>' };
const script = { type: 'text/javascript', body: 'export const x = 1;' };

describe('the service worker', () => {
  it('caches every listed file at install and then serves them without the network', async () => {
    const worker = startWorker(['./', 'assets/index.js'], { '/': page, '/assets/index.js': script });
    await worker.install();
    expect([...worker.cache.entries.keys()]).toEqual([`${origin}/`, `${origin}/assets/index.js`]);
    const before = worker.requested.length;
    expect(await (await worker.get('/assets/index.js')).text()).toBe(script.body);
    expect(worker.requested.length).toBe(before);
  });

  it('fails the install when the server answers a listed script with a web page (a deploy half done)', async () => {
    const worker = startWorker(['./', 'assets/index.js'], { '/': page, '/assets/index.js': page });
    await expect(worker.install()).rejects.toThrow('assets/index.js: the server answered 200 text/html');
  });

  it('turns a web page sent for a missing script or JSON file into a network error, and caches nothing', async () => {
    const worker = startWorker([], { '/assets/Chapter-old.js': page, '/models/gone.json': page });
    for (const path of ['/assets/Chapter-old.js', '/models/gone.json']) {
      const response = await worker.get(path);
      expect(response.type).toBe('error');
    }
    expect(worker.cache.entries.size).toBe(0);
  });

  it('passes an error status on as it is, uncached', async () => {
    const worker = startWorker([], { '/assets/kernels.wasm': { status: 404, type: 'text/plain', body: 'Not found' } });
    const response = await worker.get('/assets/kernels.wasm');
    expect(response.status).toBe(404);
    expect(worker.cache.entries.size).toBe(0);
  });

  it('caches a good file on first use, and drops a web page cached under a script name by older code', async () => {
    const worker = startWorker([], { '/assets/Chapter-new.js': script, '/assets/Chapter-bad.js': script });
    expect(await (await worker.get('/assets/Chapter-new.js')).text()).toBe(script.body);
    expect(worker.cache.entries.has(`${origin}/assets/Chapter-new.js`)).toBe(true);

    await worker.cache.put(`${origin}/assets/Chapter-bad.js`, new Response(page.body, { headers: { 'Content-Type': page.type } }));
    expect(await (await worker.get('/assets/Chapter-bad.js')).text()).toBe(script.body);
    expect(worker.requested).toContain('/assets/Chapter-bad.js');
  });
});
