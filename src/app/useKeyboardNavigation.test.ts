// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { resetStore, useStore } from '../state/store';
import { handleNavigationKey, isKeyForControl } from './useKeyboardNavigation';

beforeEach(() => resetStore());

function press(key: string, target: Element, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  handleNavigationKey(event);
  return event;
}

describe('keyboard navigation', () => {
  it('leaves keys to text fields, sliders, selects, editable text and ARIA widgets that use arrows', () => {
    document.body.innerHTML = `
      <input id="range" type="range"><textarea id="text"></textarea><select id="select"></select>
      <div contenteditable="true" id="editable"></div>
      <div role="radiogroup"><span id="radio">x</span></div><div role="slider" id="custom"></div>
      <button id="button">b</button><p id="para">p</p>`;
    for (const id of ['range', 'text', 'select', 'editable', 'radio', 'custom']) expect(isKeyForControl(document.getElementById(id)), id).toBe(true);
    for (const id of ['button', 'para']) expect(isKeyForControl(document.getElementById(id)), id).toBe(false);
  });

  it('moves a step on ArrowRight/PageDown and back on ArrowLeft/PageUp, and ignores modified keys', () => {
    document.body.innerHTML = '<p id="para">p</p><input id="field">';
    const para = document.getElementById('para')!;
    expect(press('ArrowRight', para).defaultPrevented).toBe(true);
    press('PageDown', para);
    expect(useStore.getState().stepIndex).toBe(2);
    press('ArrowLeft', para, { altKey: true }); // browser back
    press('PageUp', para, { ctrlKey: true }); // switch tab
    press('ArrowRight', document.getElementById('field')!);
    expect(useStore.getState().stepIndex).toBe(2);
    press('PageUp', para);
    expect(useStore.getState().stepIndex).toBe(1);
  });
});
