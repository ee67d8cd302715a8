// Keeps the store and the address bar in step: a changed hash (typed, pasted, back button, a followed link) updates
// the store; a changed store rewrites the hash. Moving to another step or chapter adds a history entry; turning a
// knob, or scrolling from step to step in reading mode, does not.
//
// The browser changes location.hash at once but fires `hashchange` a task later. A store update in between (a
// worker message, say) must not write the old chapter's address over the new one, so the subscriber first checks
// whether the address moved since it was last synced and, if so, reads it instead of writing.
import { applyHashState, selectHashState } from './actions';
import { useStore } from './store';
import { formatHash, parseHash } from './urlHash';

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

  const unsubscribe = useStore.subscribe((state, previous) => {
    if (applying) return;
    if (win.location.hash !== synced) {
      applyFromLocation(); // a navigation whose hashchange has not arrived yet wins over the store's stale address
      return;
    }
    const hash = formatHash(selectHashState(state));
    if (hash === win.location.hash) return;
    const moved = state.chapterId !== previous.chapterId || state.stepIndex !== previous.stepIndex;
    if (moved && !state.followedScroll) win.history.pushState(null, '', hash);
    else win.history.replaceState(win.history.state, '', hash);
    synced = win.location.hash;
  });
  win.addEventListener('hashchange', applyFromLocation);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', applyFromLocation);
  };
}
