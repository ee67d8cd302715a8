// Keeps the store and the address bar in step: a changed hash (typed, pasted, back button, a followed link) updates
// the store; a changed store rewrites the hash. Moving to another step or chapter adds a history entry; turning a
// knob, or scrolling from step to step in reading mode, does not. Knob changes reach the address at most every
// KNOB_WRITE_MS (typing a prompt would otherwise rewrite it on every key).
//
// The browser changes location.hash at once but fires `hashchange` a task later. A store update in between (a
// worker message, say) must not write the old chapter's address over the new one, so the subscriber first checks
// whether the address moved since it was last synced and, if so, reads it instead of writing.
import { applyHashState, selectHashState } from './actions';
import { useStore } from './store';
import { formatHash, parseHash } from './urlHash';

/** How long the address may lag behind a knob being turned (ms). */
export const KNOB_WRITE_MS = 150;

export function startHashSync(win: Window = window): () => void {
  let synced = ''; // the address as the store last saw it (read back, so the browser's escaping is included)
  let applying = false;

  const applyFromLocation = () => {
    applying = true;
    try {
      applyHashState(parseHash(win.location.hash));
    } finally {
      applying = false;
    }
    const canonical = formatHash(selectHashState(useStore.getState()));
    if (canonical !== win.location.hash) win.history.replaceState(win.history.state, '', canonical);
    synced = win.location.hash;
  };
  applyFromLocation();

  let pendingWrite: ReturnType<typeof setTimeout> | undefined;
  const writeAddress = (moved: boolean) => {
    clearTimeout(pendingWrite);
    pendingWrite = undefined;
    if (win.location.hash !== synced) {
      applyFromLocation(); // a navigation whose hashchange has not arrived yet wins over the store's stale address
      return;
    }
    const state = useStore.getState();
    const hash = formatHash(selectHashState(state));
    if (hash === win.location.hash) return;
    if (moved && !state.followedScroll) win.history.pushState(null, '', hash);
    else win.history.replaceState(win.history.state, '', hash);
    synced = win.location.hash;
  };

  const unsubscribe = useStore.subscribe((state, previous) => {
    if (applying) return;
    // Most updates (engine progress, the lab, a training run's figures) touch nothing the address holds: skip them
    // without reading location or formatting anything.
    const now = selectHashState(state), before = selectHashState(previous);
    if ((Object.keys(now) as (keyof typeof now)[]).every((field) => now[field] === before[field])) return;
    const moved = now.chapterId !== before.chapterId || now.stepIndex !== before.stepIndex;
    if (moved) return writeAddress(true);
    // A knob changes many times a second while the reader types or drags; history.replaceState costs milliseconds in
    // Chromium (and browsers rate-limit it), so the address follows knobs at most every KNOB_WRITE_MS.
    pendingWrite ??= setTimeout(() => writeAddress(false), KNOB_WRITE_MS);
  });
  win.addEventListener('hashchange', applyFromLocation);
  return () => {
    clearTimeout(pendingWrite);
    unsubscribe();
    win.removeEventListener('hashchange', applyFromLocation);
  };
}
