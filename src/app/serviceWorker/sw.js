// Service worker template: the build (precachePlugin.ts) prepends `self.PRECACHE = { version, files }` and emits
// it as sw.js, so every build is a new worker with its own cache. It caches the app, the model and the data at
// install, so after one visit the book works with the network off.
// Navigations go to the network first (a new deploy shows at once) and fall back to the cached page; everything
// else is served from the cache first. Only same-origin GET requests are touched.
/* global self, caches, fetch, URL, Request */
const CACHE = `tbt-${self.PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(self.PRECACHE.files.map((file) => new Request(file, { cache: 'reload' }))),
    ),
  );
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
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') cache.put(request, response.clone());
  return response;
}
