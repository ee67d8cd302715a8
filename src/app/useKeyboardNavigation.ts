// Arrow keys and PageUp/PageDown move between steps (PageUp/PageDown are what presentation clickers send).
// Keys meant for a focused control (text fields, sliders, menus, radio groups) are left to that control.
import { useEffect } from 'react';
import { nextStep, previousStep } from '../state/actions';

const forwardKeys = new Set(['ArrowRight', 'PageDown']);
const backwardKeys = new Set(['ArrowLeft', 'PageUp']);
const rolesThatUseArrows = new Set([
  'slider', 'spinbutton', 'textbox', 'searchbox', 'combobox', 'listbox', 'menu', 'menubar', 'radiogroup', 'radio',
  'tablist', 'tab', 'tree', 'treegrid', 'grid', 'option', 'menuitem',
]);

/** True when the key press belongs to the element that has focus rather than to page navigation. */
export function isKeyForControl(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  for (let el: Element | null = target; el; el = el.parentElement) {
    const role = el.getAttribute('role');
    if (role && rolesThatUseArrows.has(role)) return true;
  }
  return false;
}

export function handleNavigationKey(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const forward = forwardKeys.has(event.key);
  if (!forward && !backwardKeys.has(event.key)) return;
  if (isKeyForControl(event.target)) return;
  event.preventDefault();
  if (forward) nextStep();
  else previousStep();
}

export function useKeyboardNavigation(): void {
  useEffect(() => {
    document.addEventListener('keydown', handleNavigationKey);
    return () => document.removeEventListener('keydown', handleNavigationKey);
  }, []);
}
