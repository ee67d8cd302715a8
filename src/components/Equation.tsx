// Typeset mathematics with KaTeX, rendered to an HTML string (plus MathML for screen readers). Never an image.
// A display equation wider than a phone scrolls sideways; it then joins the tab order so keyboards can scroll it.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';

interface EquationProps {
  /** TeX source, e.g. `\\mathrm{softmax}(z)_i = e^{z_i} / \\sum_j e^{z_j}`. */
  tex: string;
  /** A centred block of its own rather than inline with the sentence. */
  display?: boolean;
}

export function Equation({ tex, display = false }: EquationProps) {
  const html = useMemo(
    () => katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' }),
    [tex, display],
  );
  const ref = useRef<HTMLDivElement>(null);
  const isOverflowing = useOverflow(ref, display);
  if (!display) return <span className="equation" dangerouslySetInnerHTML={{ __html: html }} />;
  return (
    <div
      ref={ref}
      className="equation equation-display"
      tabIndex={isOverflowing ? 0 : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

function useOverflow(ref: RefObject<HTMLElement | null>, isActive: boolean): boolean {
  const [isOverflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!isActive || !el || typeof ResizeObserver === 'undefined') return;
    const measure = () => setOverflowing(el.scrollWidth > el.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    // The typeset line widens when KaTeX's fonts arrive, while the box itself keeps its size.
    const fonts = typeof document !== 'undefined' ? document.fonts : undefined;
    fonts?.addEventListener('loadingdone', measure);
    void fonts?.ready.then(measure);
    return () => {
      observer.disconnect();
      fonts?.removeEventListener('loadingdone', measure);
    };
  }, [ref, isActive]);
  return isOverflowing;
}
