// What a PPO run needs from the page: the model it starts from (round 1: the latest sft model, else the one in use;
// later rounds: the latest RLHF model, still leashed to round 1's start), the prompts it answers (those the reader
// rated, else their own prompt), the prompts shown before and after, the answers' length, and the held-out text.
import { useMemo } from 'react';
import { selectLatestOfKind } from '../../state/lab/labQueries';
import { useStore } from '../../state/store';
import type { PpoPreset } from './presets';
import { promptsOf, selectStartModel } from './session';
import { answerLength } from './useSampler';
import { useHeldOutText } from './useHeldOutText';

export function usePpoSetup(preset: PpoPreset) {
  const start = useStore(selectStartModel);
  const latestRlhf = useStore((s) => selectLatestOfKind(s, 'rlhf'));
  const ratings = useStore((s) => s.ratings);
  const readerPrompt = useStore((s) => s.knobs.prompt);
  const valText = useHeldOutText();
  const prompts = useMemo(() => {
    const rated = promptsOf(ratings);
    return rated.length ? rated : [readerPrompt];
  }, [ratings, readerPrompt]);
  const blockSize = start?.summary.config.blockSize ?? 0;
  return {
    start,
    latestRlhf,
    prompts,
    fixedPrompts: prompts.slice(0, 3),
    maxNewTokens: Math.min(preset.maxNewTokens, answerLength(blockSize)),
    valText,
  };
}
