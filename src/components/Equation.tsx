// Typeset mathematics with KaTeX (HTML, plus MathML for screen readers). Never an image.
// KaTeX builds DOM nodes here (katex.render) rather than an HTML string: the string carries its layout in
// style="..." attributes, which the page's Content-Security-Policy (style-src without 'unsafe-inline') refuses,
// while the DOM renderer sets the same styles through the CSSOM, which the policy allows. A few rare constructs
// still set a style attribute (\fcolorbox, stacked delimiters taller than KaTeX's largest glyph, \oiint, TeX
// errors); tests/e2e/security.spec.ts reports them as policy violations.
// A display equation wider than a phone scrolls sideways; it then joins the tab order so keyboards can scroll it.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

interface EquationProps {
  /** TeX source, e.g. `\\mathrm{softmax}(z)_i = e^{z_i} / \\sum_j e^{z_j}`. */
  tex: string;
  /** A centred block of its own rather than inline with the sentence. */
  display?: boolean;
  /** Allow `\htmlClass{name}{term}` (a class, never a style), so a page can light up a term from its numbers. */
  termClasses?: boolean;
}

// Only \htmlClass is trusted, and only when asked for: it adds a class attribute, which the CSP allows.
const trustClasses = (context: { command: string }) => context.command === '\\htmlClass';

export function Equation({ tex, display = false, termClasses = false }: EquationProps) {
  const inlineRef = useRef<HTMLSpanElement>(null);
  const displayRef = useRef<HTMLDivElement>(null);
  // Before the browser paints, so the equation never flashes in as raw TeX. React renders no children into the
  // element, so KaTeX's nodes are the only ones there.
  useLayoutEffect(() => {
    const el = display ? displayRef.current : inlineRef.current;
    if (el) katex.render(tex, el, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore', trust: termClasses && trustClasses });
  }, [tex, display, termClasses]);
  const isOverflowing = useOverflow(displayRef, display);
  if (!display) return <span ref={inlineRef} className="equation" />;
  return <div ref={displayRef} className="equation equation-display" tabIndex={isOverflowing ? 0 : undefined} />;
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
