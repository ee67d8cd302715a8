// Keeps the store and the address bar in step: a changed hash (typed, pasted, back button) updates the store; a
// changed store rewrites the hash. Moving to another step or chapter adds a history entry; turning a knob does not.
import { applyHashState, selectHashState } from './actions';
import { useStore } from './store';
import { formatHash, parseHash } from './urlHash';

export function startHashSync(win: Window = window): () => void {
  const applyFromLocation = () => {
    applyHashState(parseHash(win.location.hash));
    const canonical = formatHash(selectHashState(useStore.getState()));
    if (canonical !== win.location.hash) win.history.replaceState(win.history.state, '', canonical);
  };
  applyFromLocation();

  const unsubscribe = useStore.subscribe((state, previous) => {
    const hash = formatHash(selectHashState(state));
    if (hash === win.location.hash) return;
    const moved = state.chapterId !== previous.chapterId || state.stepIndex !== previous.stepIndex;
    if (moved) win.history.pushState(null, '', hash);
    else win.history.replaceState(win.history.state, '', hash);
  });
  win.addEventListener('hashchange', applyFromLocation);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', applyFromLocation);
  };
}
