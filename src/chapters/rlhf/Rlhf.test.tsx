// @vitest-environment jsdom
// The RLHF chapter on the tiny test model, end to end as a reader drives it: rate pairs with the keyboard, let
// the classroom rater add more, train the reward model, run PPO (kept in the lab as 'rlhf' with its parent and
// its run), DPO on the same ratings, then monitor the deployed model.
import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';
import { ratingsToPairs, useRlhfSession } from './session';
import { tokenDiff } from './tokenDiff';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  useRlhfSession.setState({ reward: null });
});

const step = (id: string) => within(document.getElementById(`step-${id}`)!);

describe('RLHF: the loop on the reader\'s model', () => {
  it('rates with the keyboard, trains a reward model, runs PPO and DPO, keeps both in the lab, and monitors', async () => {
    ({ cleanup } = await bootApp('#/rlhf/rate?prompt=ROMEO%3A%20But&rlIters=3'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10_000 });
    const rate = step('rate');
    const pair = await rate.findByRole('group', { name: /Pair to rate/ }, { timeout: 10_000 });
    const ratings = () => useStore.getState().ratings;
    for (const [key, count] of [['a', 1], ['b', 2], ['t', 3]] as const) {
      pair.focus();
      await user.keyboard(key);
      await waitFor(() => expect(ratings()).toHaveLength(count), { timeout: 10_000 });
      await waitFor(() => expect(rate.getByRole('button', { name: 'A is better' })).toBeEnabled(), { timeout: 10_000 });
    }
    pair.focus();
    await user.keyboard('s'); // a skip stores nothing
    await waitFor(() => expect(rate.getByRole('button', { name: 'A is better' })).toBeEnabled(), { timeout: 10_000 });
    expect(ratings()).toHaveLength(3);
    expect(ratings().map((r) => [r.choice, r.rater])).toEqual([['a', 'person'], ['b', 'person'], ['tie', 'person']]);

    // The classroom rater shows its rule as code, and rates by it.
    expect(rate.getByLabelText('The rater\'s rule as code').textContent).toMatch(/score\(text\) = -mean/);
    await user.click(rate.getByRole('button', { name: /Let the rater rate 8 pairs/ }));
    await waitFor(() => expect(ratings().length).toBeGreaterThanOrEqual(11), { timeout: 30_000 });
    expect(ratings().slice(3).every((r) => r.rater === 'scripted:short-lines')).toBe(true);
    expect(rate.getByTestId('rating-count').textContent).toMatch(/3 by you, 8 scripted/);

    // The reward model: trains, says how it did on held-out pairs.
    const reward = step('reward');
    await user.click(reward.getByRole('button', { name: /Train the reward model/ }));
    const summary = await reward.findByTestId('reward-summary', {}, { timeout: 60_000 });
    expect(summary.textContent).toMatch(/Trained on \d+ pairs/);
    expect(useRlhfSession.getState().reward?.bytes.byteLength).toBeGreaterThan(0);

    // PPO from the reward model: three iterations, then an 'rlhf' checkpoint whose parent is the start model.
    const ppo = step('ppo');
    expect(ppo.getByRole('radio', { name: /Your reward model/ })).toBeChecked();
    await user.click(ppo.getByRole('button', { name: 'Run PPO (3 iterations)' }));
    await ppo.findByTestId('ppo-saved', {}, { timeout: 60_000 });
    const made = useStore.getState().checkpoints.filter((c) => c.kind === 'rlhf');
    expect(made).toHaveLength(1);
    expect(made[0].parent).toBe(useStore.getState().checkpoints.find((c) => c.isShipped)!.key);
    const runs = useStore.getState().runs;
    expect(runs.map((r) => r.config.stage)).toEqual(['reward', 'ppo']);
    // The reward model's run points at the reward model, which the lab keeps apart from the language models.
    expect(runs[0]).toMatchObject({ checkpointKey: useStore.getState().rewardModels[0].key, config: { steps: 40 } });
    expect(runs[0].history.loss).toHaveLength(40);
    expect(runs[1].config).toMatchObject({ stage: 'ppo', round: 1, beta: 0.1 });
    expect(runs[1].history.reward).toHaveLength(3);
    expect(runs[1].history.kl[0]).toBe(0);
    expect(ppo.getByText('The same prompts and seeds, before and after PPO')).toBeInTheDocument();
    expect(step('rounds').getByRole('table', { name: 'RLHF runs' })).toBeInTheDocument();

    // DPO on the same ratings, kept beside it.
    const dpo = step('dpo');
    await user.click(dpo.getByRole('button', { name: 'Run DPO on your ratings' }));
    await dpo.findByText(/Kept in the model lab as “RLHF: DPO/, {}, { timeout: 60_000 });
    expect(useStore.getState().runs.map((r) => r.config.stage)).toEqual(['reward', 'ppo', 'dpo']);
    expect(within(step('rounds').getByRole('table', { name: 'RLHF runs' })).getAllByRole('row')).toHaveLength(4);
    // Rounds compared by their answers: the start model, the PPO model and the DPO model on the same prompts and seeds.
    await user.click(step('rounds').getByRole('button', { name: /Sample the start model and each round's model/ }));
    const byRound = await step('rounds').findByRole('table', { name: 'Answers by round' }, { timeout: 30_000 });
    expect(within(byRound).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Prompt', 'Shipped base model', ...useStore.getState().checkpoints.filter((c) => c.kind === 'rlhf').map((c) => c.label),
    ]);
    expect(within(byRound).getAllByRole('row').length).toBeGreaterThan(1);

    // Deploy and monitor.
    const deploy = step('deploy');
    await user.click(deploy.getByRole('button', { name: 'Check on fresh prompts' }));
    const answers = await deploy.findByRole('list', { name: 'Answers in the latest check' }, { timeout: 30_000 });
    expect(within(answers).getAllByRole('listitem').length).toBeGreaterThan(0);
    await user.click(deploy.getByRole('button', { name: /Deploy: use it across the book/ }));
    await waitFor(() => expect(useStore.getState().activeKey).toBe(useStore.getState().checkpoints.find((c) => c.kind === 'rlhf' && c.label.includes('DPO'))!.key));
  }, 240_000);

  it('reward hacking: the run waits for a prediction, then reports reward, diversity and held-out loss', async () => {
    ({ cleanup } = await bootApp('#/rlhf/hacking?prompt=ROMEO%3A%20But'));
    const user = userEvent.setup();
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10_000 });
    const hacking = step('hacking');
    const run = hacking.getByRole('button', { name: 'Run with β = 0' });
    expect(run).toBeDisabled();
    await user.click(hacking.getByRole('button', { name: /reward keeps rising while the text falls apart/ }));
    await user.click(run);
    const verdict = await hacking.findByTestId('hacking-verdict', {}, { timeout: 120_000 });
    expect(verdict.textContent).toMatch(/With β = 0 the reward went from -?\d+\.\d\d to -?\d+\.\d\d, while distinct bigrams went from [\d.]+ to [\d.]+/);
    expect(verdict.textContent).toMatch(/As you predicted/);
    expect(hacking.getByRole('figure', { name: 'What the text pays for it with β = 0' })).toBeInTheDocument();
    expect(useStore.getState().checkpoints.filter((c) => c.kind === 'rlhf')).toHaveLength(0); // a demonstration, not kept
  }, 180_000);

  it('says when there is nothing to train on yet', async () => {
    ({ cleanup } = await bootApp('#/rlhf/reward?prompt=ROMEO%3A&rlRule=theme&rlTheme=Thou'));
    await waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10_000 });
    // The rule the link chose, with its own theme word, is the one shown as code.
    expect(step('rate').getByLabelText('The rater\'s rule as code').textContent).toMatch(/score\(text\) = count\("Thou"\)/);
    expect(step('reward').getByTestId('pairs-available').textContent).toMatch(/You have 0 pairs/);
    expect(step('reward').getByRole('button', { name: /Train the reward model/ })).toBeDisabled();
    expect(step('dpo').getByText(/Rate at least two pairs/)).toBeInTheDocument();
    expect(step('deploy').getByText(/No RLHF model yet/)).toBeInTheDocument();
    expect(step('rounds').getByText(/No RLHF runs yet/)).toBeInTheDocument();
  });
});

describe('ratingsToPairs and tokenDiff', () => {
  it('turns ratings into winner-over-loser pairs, a written one over both, and ties into nothing', () => {
    const r = (choice: 'a' | 'b' | 'tie', better?: string) => ({ id: choice, prompt: 'P', a: 'x', b: 'y', choice, rater: 'person' as const, createdAt: '', better });
    expect(ratingsToPairs([r('a'), r('b'), r('tie')])).toEqual([
      { prompt: 'P', chosen: 'x', rejected: 'y' }, { prompt: 'P', chosen: 'y', rejected: 'x' },
    ]);
    expect(ratingsToPairs([r('tie', 'z')])).toEqual([{ prompt: 'P', chosen: 'z', rejected: 'x' }, { prompt: 'P', chosen: 'z', rejected: 'y' }]);
  });

  it('marks the tokens outside the longest common subsequence', () => {
    const d = tokenDiff(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']);
    expect(d.before.map((t) => t.changed)).toEqual([false, true, false, false]);
    expect(d.after.map((t) => t.changed)).toEqual([false, true, false, false, true]);
  });
});
