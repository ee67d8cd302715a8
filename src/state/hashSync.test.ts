// @vitest-environment jsdom
// The address bar and the store in step, including the race a slow machine exposes: a followed link changes the
// address, and a store update lands before the browser's hashchange event does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setKnob } from './actions';
import { startHashSync } from './hashSync';
import { resetStore, useStore } from './store';

let stop: (() => void) | undefined;

beforeEach(() => {
  resetStore();
  history.replaceState(null, '', '/#/overview/pipeline');
  stop = startHashSync(window);
});

afterEach(() => stop?.());

const nextHashChange = () => new Promise<void>((resolve) => window.addEventListener('hashchange', () => resolve(), { once: true }));

describe('hash sync', () => {
  it('reads the address at start and writes knob changes back without a history entry', async () => {
    expect(useStore.getState().chapterId).toBe('overview');
    const length = history.length;
    setKnob('temperature', 1.5);
    await vi.waitFor(() => expect(location.hash).toContain('temperature=1.5'));
    expect(history.length).toBe(length);
  });

  it('writes a burst of knob changes (typing) to the address once, and ignores updates the address does not hold', async () => {
    const replace = vi.spyOn(history, 'replaceState');
    for (const prompt of ['R', 'RO', 'ROM', 'ROME', 'ROMEO']) setKnob('prompt', prompt);
    useStore.setState({ engineActivity: 'Training…' });
    expect(replace).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(location.hash).toContain('prompt=ROMEO'));
    expect(replace).toHaveBeenCalledTimes(1);
    replace.mockRestore();
  });

  it('moving to another step writes the address at once, with the knobs turned just before', () => {
    const length = history.length;
    setKnob('temperature', 1.5);
    useStore.setState({ stepIndex: 1 });
    expect(location.hash).toMatch(/^#\/overview\/[^/?]+\?.*temperature=1\.5/);
    expect(location.hash).not.toMatch(/^#\/overview\/pipeline/);
    expect(history.length).toBe(length + 1);
  });

  it('a followed link wins over a store update that arrives before its hashchange event', async () => {
    const changed = nextHashChange();
    location.hash = '#/attention';
    // The engine reports something in the same task, before the browser has fired hashchange.
    useStore.setState({ engineActivity: 'Starting the wasm engine…' });
    expect(location.hash).toMatch(/^#\/attention/);
    await changed;
    expect(useStore.getState().chapterId).toBe('attention');
    expect(location.hash).toMatch(/^#\/attention/);
  });
});
