// The reward model the RLHF steps use: the one trained in this visit, or, after a reload, the latest the lab kept
// for the model RLHF starts from (a reward model is a copy of that model, so only one of those fits its
// vocabulary and serves as its judge). Its file is read back from storage once and shared through the session.
import { useEffect } from 'react';
import { rewardModelBytes } from '../../state/lab/labRewardModels';
import type { LabRewardModel } from '../../state/slices/lab';
import { useStore, type AppState } from '../../state/store';
import { selectStartModel, useRlhfSession, type TrainedReward } from './session';

/** The newest reward model in the lab that is a copy of the start model, or undefined. */
export function selectKeptReward(s: AppState): LabRewardModel | undefined {
  const start = selectStartModel(s);
  return start ? s.rewardModels.findLast((r) => r.parent === start.key) : undefined;
}

// One read at a time, whichever step asked first: every step that shows the reward model calls this hook.
let restoring: string | null = null;

async function restore(kept: LabRewardModel): Promise<void> {
  if (restoring === kept.key) return;
  restoring = kept.key;
  try {
    const bytes = await rewardModelBytes(kept.key);
    const current = useRlhfSession.getState().reward;
    if (!bytes || (current && current.sourceKey === kept.parent)) return; // deleted meanwhile, or one was trained meanwhile
    const { reward } = kept;
    const restored: TrainedReward = {
      bytes, trainPairs: reward.trainPairs, heldOutPairs: reward.heldOutPairs, contradictions: reward.contradictions,
      heldOutAccuracy: reward.heldOutAccuracy, message: reward.message, sourceKey: kept.parent!, ratingsUsed: reward.ratingIds.length,
      labKey: kept.key, restoredFrom: kept.label,
    };
    useRlhfSession.setState({ reward: restored });
  } finally {
    restoring = null;
  }
}

export function useRewardModel(): TrainedReward | null {
  const reward = useRlhfSession((s) => s.reward);
  const kept = useStore(selectKeptReward);
  const startKey = useStore((s) => selectStartModel(s)?.key);
  const needsOne = !reward || reward.sourceKey !== startKey;
  useEffect(() => {
    if (needsOne && kept) void restore(kept);
  }, [needsOne, kept]);
  return reward;
}
