// @vitest-environment jsdom
// The lab panel lists reward models apart from the language models, each with its lineage in words.
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCheckpoint } from '../../state/lab/labActions';
import { addRating } from '../../state/lab/labCollections';
import { saveRewardModel } from '../../state/lab/labRewardModels';
import { checkpointWithMeta, startTestLab, type TestLab } from '../../state/lab/testing/labFixture';
import { SHIPPED_KEY } from '../../state/slices/lab';
import { useStore } from '../../state/store';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { ModelLabPanel } from '../ModelLabPanel';

let shipped: ArrayBuffer;
let lab: TestLab | undefined;
beforeAll(async () => {
  shipped = await tinyCheckpoint('shipped', 3);
});
afterEach(() => lab?.client.dispose());

describe('RewardModelList', () => {
  it('shows each reward model with the model it copies, the ratings it learned and its held-out accuracy; deletes it', async () => {
    lab = await startTestLab(shipped);
    const sft = await addCheckpoint(await tinyCheckpoint('sft', 4), 'My SFT', 'sft', { parent: SHIPPED_KEY });
    const mine = await addRating({ prompt: 'P', a: 'x', b: 'y', choice: 'a', rater: 'person' });
    const scripted = await addRating({ prompt: 'P', a: 'x', b: 'yy', choice: 'a', rater: 'scripted:short-lines' });
    await saveRewardModel({
      bytes: await checkpointWithMeta({ kind: 'reward' }), label: 'Reward model: 3 ratings', parent: sft.key, lossHistory: [],
      reward: { ratingIds: [mine.id, scripted.id, 'deleted-one'], trainPairs: 3, heldOutPairs: 4, heldOutAccuracy: 0.75, contradictions: 0, message: null },
    });
    await act(async () => {
      render(<ModelLabPanel id="model-panel" />);
    });
    const list = screen.getByRole('list', { name: 'Reward models' });
    expect(screen.getByText('Reward models (1)')).toBeInTheDocument();
    expect(list.textContent).toMatch(/a copy of “My SFT”, learned 3 ratings \(1 by you, 1 by a scripted rater; 1 since deleted\); 75 % of 4 held-out pairs/);
    // Not a language model: no radio to make it active.
    expect(screen.queryByRole('radio', { name: /Reward model/ })).toBeNull();
    await userEvent.setup().click(within(list).getByRole('button', { name: 'Delete Reward model: 3 ratings' }));
    expect(useStore.getState().rewardModels).toEqual([]);
    expect(await screen.findByText('Reward models (0)')).toBeInTheDocument();
  });
});
