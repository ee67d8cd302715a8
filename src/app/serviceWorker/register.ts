// Registers the service worker in production builds (the dev server has no sw.js and serves modules live).
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
      // Offline use is a bonus; the app works without it. Say why in the console for whoever debugs it.
      console.warn('Offline support is unavailable:', error);
    });
  };
  // After the page's own loading, so caching never competes with it. The app is imported by the entry script and may
  // start after the load event has already fired.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
