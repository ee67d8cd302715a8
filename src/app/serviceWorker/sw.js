// Service worker template: the build (precachePlugin.ts) prepends `self.PRECACHE = { version, files }` and emits
// it as sw.js, so every build is a new worker with its own cache. It caches the app, the model and the data at
// install, so after one visit the book works with the network off.
// Navigations go to the network first (a new deploy shows at once) and fall back to the cached page; everything
// else is served from the cache first. Only same-origin GET requests are touched.
// Nothing is cached or served unless it is what was asked for (isUsable): hosts with a single-page-app fallback
// answer a request for a file that a newer deploy removed (an old build's chapter script) with index.html and
// status 200; cached, that page would be handed to the book as a script for ever after.
/* global self, caches, fetch, URL, Request, Response */
const CACHE = `tbt-${self.PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('tbt-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request));
  else event.respondWith(cacheFirst(request));
});

// One bad file fails the whole install, and the worker already installed (if any) keeps serving its own complete
// cache: a server answering with the wrong files is most likely half-way through a deploy.
async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    self.PRECACHE.files.map(async (file) => {
      const request = new Request(file, { cache: 'reload' });
      const response = await fetch(request);
      if (!isUsable(request, response)) {
        throw new Error(`${file}: the server answered ${response.status} ${response.headers.get('Content-Type')}`);
      }
      await cache.put(request, response);
    }),
  );
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(new URL('./', self.location.href).href, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(new URL('./', self.location.href).href, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

// ignoreVary: servers may answer `Vary: Origin`, and module scripts are CORS requests carrying an Origin header
// that the install-time requests did not, so a Vary-respecting match would miss every cached script.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
  if (cached && isUsable(request, cached)) return cached;
  if (cached) await cache.delete(request, { ignoreSearch: true, ignoreVary: true });
  const response = await fetch(request);
  if (isUsable(request, response)) {
    if (response.type === 'basic') cache.put(request, response.clone());
    return response;
  }
  // An error status goes to the page as it is (uncached), so its fetch or import fails with that status. An HTML
  // page in place of a script, wasm or JSON file becomes a network error: the page's import() or fetch() rejects
  // at once instead of parsing a web page as code or data.
  return response.ok ? Response.error() : response;
}

/** A successful response that is HTML only where HTML was asked for. */
function isUsable(request, response) {
  const isHtml = (response.headers.get('Content-Type') || '').startsWith('text/html');
  return response.ok && (!isHtml || expectsHtml(request));
}

/** Pages are navigations, the site's root (`./`, cached at install) or .html files; everything else is a file. */
function expectsHtml(request) {
  if (request.mode === 'navigate') return true;
  const path = new URL(request.url).pathname;
  return path.endsWith('/') || path.endsWith('.html');
}
