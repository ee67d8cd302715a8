// The width a figure has to draw in, followed as the page resizes (phone rotation, projector mode), so a chart
// fits a 360 px screen without scrolling. Falls back to `fallback` where ResizeObserver is missing (jsdom).
import { useLayoutEffect, useRef, useState } from 'react';

export function useElementWidth<E extends HTMLElement>(fallback: number, max = Infinity) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = element.clientWidth;
      if (w > 0) setWidth(Math.min(max, Math.floor(w)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [max]);
  return [ref, width] as const;
}
