// Reading mode: the step the reader scrolls to becomes the current one. Only a scroll the reader drives counts:
// the page scrolls too (to the step that Next or a link chose) and so does the browser, when a figure above the
// view grows and scroll anchoring keeps the view still. Those scrolls must not move the current step, however
// long a smooth scroll takes on a busy machine; a timer after the page's scroll could not promise that.
import { useEffect } from 'react';
import { followScrollTo } from '../state/actions';
import { useStore } from '../state/store';

// Input that scrolls the page: a wheel or trackpad, a finger, the scrollbar (held), a key (scrolling
// keys, and Tab, which scrolls the focused control into view). Not a key that something took for itself: a key
// that moves between steps (or presses against the last one) scrolls nothing of the reader's, while the page's
// own scroll may still be under way.
// A scroll this soon after the reader's input (or after the last scroll it set going) is theirs: keyboard
// scrolls are smooth, and a flung page glides on after the finger has left it.
const inputReachMs = 1000;
const glideReachMs = 300;

let readerScrollUntil = 0;
let pointerHeld = false; // a finger on the page, or the mouse on the scrollbar

// Next, a key, a link or the contents chose another step: the page scrolls there by itself, and scrolling until
// the reader's next input is not theirs. Said the moment the store changes, before any frame of that scroll (or
// of one still under way) could be taken for the reader's.
useStore.subscribe((state, before) => {
  if (state.followedScroll) return;
  if (state.stepIndex !== before.stepIndex || state.chapterId !== before.chapterId) {
    readerScrollUntil = 0;
    pointerHeld = false;
  }
});

function readerIsScrolling(now: number): boolean {
  return pointerHeld || now < readerScrollUntil;
}

/**
 * The current step is the last one whose top has passed a line a third of the way down the window (the last step
 * once the page is scrolled to the bottom). Checked once per frame while the reader scrolls.
 */
export function useFollowScroll(isOn: boolean): void {
  useEffect(() => {
    if (!isOn || typeof window === 'undefined') return;
    let frame = 0;
    const check = () => {
      frame = 0;
      const sections = [...document.querySelectorAll<HTMLElement>('section.step[data-step-index]')];
      if (sections.length === 0) return;
      const line = window.innerHeight / 3;
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      let current = 0;
      sections.forEach((section, i) => {
        if (section.getBoundingClientRect().top <= line) current = i;
      });
      if (atBottom && window.scrollY > 0) current = sections.length - 1;
      followScrollTo(Number(sections[current].dataset.stepIndex));
    };
    const onScroll = () => {
      const now = performance.now();
      if (!readerIsScrolling(now)) return;
      readerScrollUntil = Math.max(readerScrollUntil, now + glideReachMs);
      if (!frame) frame = requestAnimationFrame(check);
    };
    const onInput = () => {
      readerScrollUntil = performance.now() + inputReachMs;
    };
    const onKey = (event: Event) => {
      if (!event.defaultPrevented) onInput();
    };
    const onHoldStart = () => {
      pointerHeld = true;
      onInput();
    };
    // A mouse scrolls by the scrollbar (outside the page's client box) or by the middle button's autoscroll; a
    // click on a control scrolls nothing, and must not make the page's scroll then under way the reader's.
    const onPointerDown = (event: Event) => {
      const { clientX, clientY, button } = event as PointerEvent;
      const root = document.documentElement;
      if (button === 1 || clientX >= root.clientWidth || clientY >= root.clientHeight) onHoldStart();
    };
    const onHoldEnd = () => {
      if (!pointerHeld) return;
      pointerHeld = false;
      onInput();
    };
    // Capture, so that the input is seen before a handler it reaches moves to another step; keys after the
    // handlers, to see which they took.
    const listeners: [string, EventListener][] = [
      ['wheel', onInput],
      ['touchstart', onHoldStart],
      ['touchmove', onInput],
      ['touchend', onHoldEnd],
      ['touchcancel', onHoldEnd],
      ['pointerdown', onPointerDown],
      ['pointerup', onHoldEnd],
      ['pointercancel', onHoldEnd],
    ];
    for (const [type, listener] of listeners) window.addEventListener(type, listener, { capture: true, passive: true });
    window.addEventListener('keydown', onKey);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      for (const [type, listener] of listeners) window.removeEventListener(type, listener, { capture: true });
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [isOn]);
}
