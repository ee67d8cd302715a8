// @vitest-environment jsdom
// The reward model survives a reload: trained in one visit, kept in the lab (IndexedDB, fake-indexeddb here) with
// its lineage, and back in the next visit for scoring and PPO without training again.
import { cleanup as unmount, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { browserCheckpointStore } from '../../state/lab/checkpointStore';
import { addRating } from '../../state/lab/labCollections';
import { SHIPPED_KEY } from '../../state/slices/lab';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';
import { useRlhfSession } from './session';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  useRlhfSession.setState({ reward: null });
});

const step = (id: string) => within(document.getElementById(`step-${id}`)!);
const ready = () => waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10_000 });

describe('RLHF: the reward model is kept in the lab', () => {
  it('is saved with its lineage after training and restored after a reload, ready to score and to drive PPO', async () => {
    const storage = await browserCheckpointStore(new IDBFactory());
    ({ cleanup } = await bootApp('#/rlhf/reward?prompt=ROMEO%3A', { storage }));
    await ready();
    // Texts in the tiny model's alphabet (the letters of its one line of Shakespeare).
    const texts = ['a', 'but', 'soft', 'it is', 'the east', 'sun', 'light', 'window'];
    for (const [i, a] of texts.entries()) await addRating({ prompt: 'ROMEO:', a, b: `${a} and yonder ${'o'.repeat(i + 1)}`, choice: 'a', rater: 'scripted:short-lines' });
    await addRating({ prompt: 'ROMEO:', a: 'x', b: 'y', choice: 'tie', rater: 'person' }); // teaches nothing: not in its lineage
    const user = userEvent.setup();
    await user.click(step('reward').getByRole('button', { name: /Train the reward model/ }));
    await step('reward').findByTestId('reward-summary', {}, { timeout: 60_000 });
    await waitFor(() => expect(useStore.getState().rewardModels).toHaveLength(1), { timeout: 10_000 });
    const kept = useStore.getState().rewardModels[0];
    const rated = useStore.getState().ratings;
    expect(kept).toMatchObject({ kind: 'reward', parent: SHIPPED_KEY, label: 'Reward model: 8 ratings, 8 pairs' });
    expect(kept.reward.ratingIds).toEqual(rated.filter((r) => r.choice !== 'tie').map((r) => r.id));
    expect(kept.reward.trainPairs + kept.reward.heldOutPairs).toBe(8);
    expect(kept.lossHistory).toHaveLength(40);
    expect(step('reward').getByTestId('reward-kept').textContent).toMatch(/Kept in the model lab/);
    await waitFor(() => expect(useStore.getState().runs.at(-1)?.checkpointKey).toBe(kept.key), { timeout: 10_000 });
    const trainedBytes = new Uint8Array(useRlhfSession.getState().reward!.bytes);

    // A reload: a fresh page (store, session, engine) on the same storage.
    cleanup();
    unmount();
    useRlhfSession.setState({ reward: null });
    ({ cleanup } = await bootApp('#/rlhf/reward?prompt=ROMEO%3A', { storage }));
    await ready();
    expect(useStore.getState().rewardModels.map((r) => r.key)).toEqual([kept.key]);
    const summary = await step('reward').findByTestId('reward-summary', {}, { timeout: 10_000 });
    expect(within(summary).getByTestId('reward-kept').textContent).toMatch(/“Reward model: 8 ratings, 8 pairs”, kept in the model lab from an earlier visit/);
    expect(new Uint8Array(useRlhfSession.getState().reward!.bytes)).toEqual(trainedBytes);
    // It scores typed text (the worker reads the restored file), and PPO can use it without training again.
    await user.type(within(summary).getByRole('textbox'), 'a short line');
    expect((await step('reward').findByTestId('typed-score', {}, { timeout: 20_000 })).textContent).toMatch(/Reward: -?\d+\.\d\d/);
    expect(step('ppo').getByRole('radio', { name: /Your reward model \(held-out accuracy/ })).toBeEnabled();
  }, 180_000);
});
