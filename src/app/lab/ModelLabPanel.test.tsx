// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addCheckpoint } from '../../state/lab/labActions';
import { addRating } from '../../state/lab/labCollections';
import { memoryLabStorage } from '../../state/lab/labStorage';
import { startTestLab, type TestLab } from '../../state/lab/testing/labFixture';
import { SHIPPED_KEY, type LabCheckpoint } from '../../state/slices/lab';
import { useStore } from '../../state/store';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { ModelLabPanel } from '../ModelLabPanel';

let shipped: ArrayBuffer;
let other: ArrayBuffer;
let lab: TestLab;

beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
  other = await tinyCheckpoint('other', 4);
});
afterEach(() => {
  lab?.client.dispose();
  vi.restoreAllMocks();
});

async function renderLab() {
  await act(async () => {
    render(<ModelLabPanel id="model-panel" />);
  });
  return screen.getByRole('region', { name: 'Model lab' });
}

describe('ModelLabPanel', () => {
  it('shows each model under the one it was trained from, with its kind, and chooses the active one', async () => {
    lab = await startTestLab(shipped);
    const sft = await addCheckpoint(other, 'My SFT', 'sft', { parent: SHIPPED_KEY });
    await addCheckpoint(other, 'My RLHF', 'rlhf', { parent: sft.key });
    const panel = await renderLab();
    const base = within(panel).getByRole('radio', { name: /^Shipped base model/ }).closest('li')!;
    const child = within(base).getByRole('radio', { name: /^My SFT/ }).closest('li')!;
    expect(within(child).getByRole('radio', { name: /My RLHF/ })).toBeInTheDocument();
    expect(within(child).getByText('sft')).toHaveClass('lab-badge');
    expect(within(child).getByText(/from “Shipped base model”/)).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Delete Shipped base model' })).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Rename Shipped base model' })).toBeNull();
    await userEvent.setup().click(within(panel).getByRole('radio', { name: /My RLHF/ }));
    expect(useStore.getState().checkpoints.find((c) => c.key === useStore.getState().activeKey)?.label).toBe('My RLHF');
  });

  it('renames in place with the keyboard, and Escape cancels, returning focus to the button', async () => {
    lab = await startTestLab(shipped);
    await addCheckpoint(other, 'Draft', 'pretrained');
    const user = userEvent.setup();
    const panel = await renderLab();
    await user.click(within(panel).getByRole('button', { name: 'Rename Draft' }));
    const field = within(panel).getByRole('textbox', { name: 'New name for Draft' });
    expect(field).toHaveFocus();
    await user.keyboard('Retrained on my text{Enter}');
    expect(await within(panel).findByRole('radio', { name: /Retrained on my text/ })).toBeInTheDocument();
    expect(within(panel).getByRole('status')).toHaveTextContent('Renamed to “Retrained on my text”.');
    await user.click(within(panel).getByRole('button', { name: 'Rename Retrained on my text' }));
    await user.keyboard('{Escape}');
    expect(within(panel).queryByRole('textbox')).toBeNull();
    expect(within(panel).getByRole('button', { name: 'Rename Retrained on my text' })).toHaveFocus();
  });

  it('deletes only after a confirmation', async () => {
    lab = await startTestLab(shipped);
    await addCheckpoint(other, 'Doomed', 'sft');
    const user = userEvent.setup();
    const panel = await renderLab();
    await user.click(within(panel).getByRole('button', { name: 'Delete Doomed' }));
    const confirm = within(panel).getByRole('group', { name: 'Confirm deleting Doomed' });
    expect(within(confirm).getByRole('button', { name: 'Yes, delete' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(useStore.getState().checkpoints).toHaveLength(2);
    await user.click(within(panel).getByRole('button', { name: 'Delete Doomed' }));
    await user.click(within(panel).getByRole('button', { name: 'Yes, delete' }));
    expect(within(panel).queryByRole('radio', { name: /Doomed/ })).toBeNull();
    expect(useStore.getState().checkpoints).toHaveLength(1);
  });

  it('shows odd fields as text, and if rendering fails anyway offers a way out that keeps the other models', async () => {
    lab = await startTestLab(shipped);
    const keep = await addCheckpoint(other, 'Keep me', 'sft');
    const odd = await addCheckpoint(other, 'Odd', 'sft');
    // Values no action would store, written straight into the store as a bug might.
    useStore.setState((s) => ({ checkpoints: s.checkpoints.map((c) => (c.key === odd.key ? ({ ...c, label: { evil: true } } as unknown as LabCheckpoint) : c)) }));
    const panel = await renderLab();
    expect(within(panel).getByRole('radio', { name: /\(unnamed\)/ })).toBeInTheDocument();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await act(async () => {
      useStore.setState((s) => ({ checkpoints: s.checkpoints.map((c) => (c.key === odd.key ? ({ ...c, label: 'Broken', summary: null } as unknown as LabCheckpoint) : c)) }));
    });
    const rescue = within(panel).getByRole('alert');
    expect(rescue).toHaveTextContent(/could not show its contents.*Nothing you saved was changed/);
    await userEvent.setup().click(within(rescue).getByRole('button', { name: 'Delete Broken' }));
    expect(await within(panel).findByRole('radio', { name: /Keep me/ })).toBeInTheDocument();
    expect(useStore.getState().checkpoints.map((c) => c.key)).toEqual([SHIPPED_KEY, keep.key]);
    expect(await lab.storage.get('checkpoints', keep.key)).toBeDefined();
    expect(await lab.storage.get('checkpoints', odd.key)).toBeUndefined();
  });

  it('lists ratings under their count, lists unreadable items with a delete button, and says the lab is in memory', async () => {
    const storage = memoryLabStorage();
    await storage.put('runs', { id: 'bad-run', kind: 'sft', config: {}, history: { loss: 'no' }, createdAt: 'x', checkpointKey: null } as never);
    lab = await startTestLab(shipped, storage);
    await addRating({ prompt: 'Speak of Rome', a: 'It burns.', b: 'It stands.', choice: 'b', rater: 'scripted:longer' });
    const user = userEvent.setup();
    const panel = await renderLab();
    await user.click(within(panel).getByText('Ratings (1)'));
    expect(within(panel).getByText(/“Speak of Rome”: B preferred/)).toBeInTheDocument();
    expect(within(panel).getByText(/by a scripted rater \(longer\)/)).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Delete the unreadable run bad-run' }));
    expect(within(panel).queryByText(/could not be read and were skipped/)).toBeNull();
    expect(within(panel).getByText(/lives in this tab’s memory only/)).toBeInTheDocument();
  });
});

describe('storage usage', () => {
  it('says how much the site stores, whether the browser keeps it, and asks to keep it', async () => {
    const storage = {
      estimate: vi.fn(async () => ({ usage: 3.5 * 2 ** 20, quota: 2 ** 30 })),
      persisted: vi.fn(async () => false),
      persist: vi.fn(async () => false),
    };
    vi.stubGlobal('navigator', { ...navigator, storage });
    lab = await startTestLab(shipped, persistentMemory());
    const panel = await renderLab();
    expect(await within(panel).findByText(/This site stores 3\.5 MB of the 1\.0 GB the browser allows it\. The browser may clear it/)).toBeInTheDocument();
    await userEvent.setup().click(within(panel).getByRole('button', { name: 'Ask the browser to keep it' }));
    expect(storage.persist).toHaveBeenCalled();
    expect(await within(panel).findByText(/declined to promise otherwise: export the lab/)).toBeInTheDocument();
    vi.unstubAllGlobals();
  });
});

/** Memory storage that reports itself persistent, as IndexedDB would, so the panel shows the browser's figures. */
function persistentMemory() {
  return { ...memoryLabStorage(), isPersistent: true };
}
