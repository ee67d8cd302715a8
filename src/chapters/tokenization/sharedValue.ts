// A value the chapter's steps share while the page is open (the trained tokenizer, the long text): component state
// that outlives one step, not a store slice. What should last longer goes to the lab.
import { useSyncExternalStore } from 'react';

export function sharedValue<T>(initial: T) {
  let current = initial;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return {
    get: () => current,
    set(value: T): void {
      current = value;
      for (const listener of listeners) listener();
    },
    use: (): T => useSyncExternalStore(subscribe, () => current),
  };
}
