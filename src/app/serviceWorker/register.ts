// Registers the service worker in production builds (the dev server has no sw.js and serves modules live).
// On a first visit the new worker downloads and compiles every chapter to cache them: two cores' worth of work that,
// started at the load event, ran beside the first figure's forward pass (issue #17 goal 7). So it waits for the
// page's own loading, for `notBefore` (the model lab's start), and then for an idle moment.
export function registerServiceWorker(notBefore: Promise<unknown> = Promise.resolve()): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
      // Offline use is a bonus; the app works without it. Say why in the console for whoever debugs it.
      console.warn('Offline support is unavailable:', error);
    });
  };
  // The app is imported by the entry script and may start after the load event has already fired.
  const loaded = document.readyState === 'complete' ? Promise.resolve()
    : new Promise<void>((resolve) => window.addEventListener('load', () => resolve(), { once: true }));
  const settled = notBefore.then(() => {}, () => {});
  void Promise.all([loaded, settled]).then(() => {
    if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 2_000 });
    else setTimeout(register, 0);
  });
}
