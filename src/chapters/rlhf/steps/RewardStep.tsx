// The reward model, as its own stage: a copy of the reader's model with a score head learns their ratings
// (Bradley–Terry), with a quarter of the pairs held out. The reader first guesses how often it will agree with
// ratings it never saw, then sees; then it scores fresh samples and anything they type, so they see what it
// learned and where it is wrong.
import { useMemo, useRef, useState } from 'react';
import { engine } from '../../../state/engineConnection';
import { saveRun } from '../../../state/lab/labCollections';
import { saveRewardModel } from '../../../state/lab/labRewardModels';
import { useStore } from '../../../state/store';
import { useEngineStream } from '../../../state/useEngineStream';
import type { RewardModelProgress } from '../../../workers/handlers/rewardModel';
import { Curves } from '../figures/Curves';
import { ScoreList } from '../figures/ScoreList';
import { promptsOf, ratingIdsUsed, ratingsToPairs, useRlhfSession } from '../session';
import { useRewardModel } from '../useRewardModel';
import { useTypedScore } from '../useTypedScore';
import { useSampler } from '../useSampler';

const STEPS = 40;
const GUESSES = [
  { id: 'half', label: 'About half: a coin flip', low: 0, high: 0.6 },
  { id: 'most', label: 'Most of them: 60–85 %', low: 0.6, high: 0.85 },
  { id: 'nearly', label: 'Nearly all: over 85 %', low: 0.85, high: 1.01 },
];

export function RewardStep() {
  const ratings = useStore((s) => s.ratings);
  const seed = useStore((s) => s.knobs.seed);
  const { key, sample } = useSampler();
  const reward = useRewardModel();
  const pairs = useMemo(() => ratingsToPairs(ratings), [ratings]);
  const [history, setHistory] = useState<RewardModelProgress[]>([]);
  const [guess, setGuess] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const collected = useRef<RewardModelProgress[]>([]);
  const run = useEngineStream('rewardModel', {
    cancelKeepsAnswer: true,
    onProgress: (p) => { collected.current.push(p); setHistory([...collected.current]); },
  });
  const train = async () => {
    if (!key) return;
    collected.current = [];
    setHistory([]);
    const r = await run.start({ key, ratings: pairs, steps: STEPS, seed });
    if (!r) return;
    const trained = { ...r, sourceKey: key, ratingsUsed: pairs.length };
    useRlhfSession.setState({ reward: trained });
    // The reward model goes into the lab with its lineage (the model it copies, the ratings it learned), so a
    // reload finds it; then its run, so the rounds list shows it.
    const h = collected.current;
    const finite = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));
    const ratingIds = ratingIdsUsed(ratings);
    const kept = await saveRewardModel({
      bytes: r.bytes, parent: key, label: `Reward model: ${ratingIds.length} ratings, ${pairs.length} pairs`,
      lossHistory: h.filter((x) => Number.isFinite(x.loss)).map((x) => ({ iter: x.step, loss: x.loss })),
      reward: { ratingIds, trainPairs: r.trainPairs, heldOutPairs: r.heldOutPairs, heldOutAccuracy: r.heldOutAccuracy, contradictions: r.contradictions, message: r.message },
    }).catch((error: Error) => void setSaveError(error.message));
    if (kept && useRlhfSession.getState().reward === trained) useRlhfSession.setState({ reward: { ...trained, labKey: kept.key } });
    await saveRun({
      kind: 'rlhf', checkpointKey: kept?.key ?? null,
      config: {
        stage: 'reward', steps: STEPS, pairs: r.trainPairs, heldOutPairs: r.heldOutPairs, heldOutAccuracy: r.heldOutAccuracy,
        contradictions: r.contradictions, stopped: r.stopped,
      },
      history: { loss: finite(h.map((x) => x.loss)), accuracy: finite(h.map((x) => x.accuracy)), heldOutAccuracy: finite(h.map((x) => x.heldOutAccuracy)) },
    }).catch((error: Error) => setSaveError(error.message));
  };

  const [fresh, setFresh] = useState<{ texts: string[]; scores: number[]; prompt: string } | null>(null);
  const [freshError, setFreshError] = useState<string | null>(null);
  const scoreFresh = async () => {
    if (!reward) return;
    setFreshError(null);
    const prompt = promptsOf(ratings)[0] ?? '';
    try {
      const texts: string[] = [];
      for (let i = 0; i < 4; i++) texts.push(await sample(prompt, seed * 7919 + i));
      const { scores } = await engine().call('scoreTexts', { reward: reward.bytes, prompt, texts });
      setFresh({ texts, scores, prompt });
    } catch (error) {
      setFreshError((error as Error).message);
    }
  };

  const [typed, setTyped] = useState('');
  const typedScore = useTypedScore(reward?.bytes ?? null, promptsOf(ratings)[0] ?? '', typed);

  const accuracy = reward?.heldOutAccuracy ?? null;
  const guessed = GUESSES.find((g) => g.id === guess);
  const isRunning = run.status === 'running';

  return (
    <>
      <p>
        PPO cannot ask you about every answer it tries: it needs a judge it can call thousands of times. So a{' '}
        <em>reward model</em> learns your taste first: a copy of your model with one number on top, trained so
        that the answer you preferred scores higher (the Bradley–Terry loss, −log σ(r<sub>chosen</sub> − r<sub>rejected</sub>)).
        A quarter of your pairs are kept back to test it.
      </p>
      <p data-testid="pairs-available">
        You have {pairs.length} pair{pairs.length === 1 ? '' : 's'} with a winner
        {pairs.length < 8 ? ' — rate a few more in the first step (or let the classroom rater), or the reward model will have little to learn from.' : '.'}
      </p>
      <fieldset className="rl-guess">
        <legend>Before it trains: on pairs it never sees, how often will it agree with the rater?</legend>
        <div className="button-row">
          {GUESSES.map((g) => (
            <button key={g.id} type="button" aria-pressed={guess === g.id} onClick={() => setGuess(g.id)}>{g.label}</button>
          ))}
        </div>
      </fieldset>
      <div className="button-row">
        <button type="button" disabled={!key || isRunning || pairs.length < 2} onClick={() => void train()}>
          Train the reward model ({STEPS} steps)
        </button>
        {isRunning && <button type="button" onClick={run.cancel}>Stop (keep it as it is)</button>}
      </div>
      {isRunning && run.progress && <p role="status">Step {run.progress.step} of {run.progress.steps}: loss {run.progress.loss.toFixed(3)}</p>}
      {run.error && <p className="notice notice-error" role="alert">{run.error}</p>}
      {saveError && <p className="notice notice-error" role="alert">{saveError}</p>}
      {history.length > 0 && (
        <Curves
          title="The reward model learning your ratings"
          records={history}
          x={(r) => r.step}
          xLabel="step"
          yLabel="loss · share ranked your way"
          planned={STEPS}
          references={[{ y: Math.LN2, label: 'ln 2: no preference' }, { y: 0.5, label: 'coin flip' }]}
          curves={[
            { id: 'loss', label: 'Bradley–Terry loss', concept: 'loss', value: (r) => r.loss },
            { id: 'acc', label: 'training pairs ranked your way', concept: 'reward', value: (r) => r.accuracy, dashed: true },
            { id: 'held', label: 'held-out pairs ranked your way', concept: 'probability', value: (r) => r.heldOutAccuracy },
          ]}
          caption="The loss starts near ln 2 ≈ 0.69, where the model has no preference; held-out accuracy is the honest number."
        />
      )}
      {reward && (
        <div data-testid="reward-summary">
          <p role="status">
            Trained on {reward.trainPairs} pairs;{' '}
            {accuracy === null ? 'none held out.' : `it ranks ${Math.round(accuracy * 100)} % of the ${reward.heldOutPairs} held-out pairs your way (a coin flip: 50 %).`}
            {guessed && accuracy !== null && (accuracy >= guessed.low && accuracy < guessed.high ? ' Your guess was right.' : ` You guessed “${guessed.label}”.`)}
          </p>
          {reward.message && <p className="notice">{reward.message}</p>}
          <p data-testid="reward-kept">
            {reward.restoredFrom
              ? `This is “${reward.restoredFrom}”, kept in the model lab from an earlier visit; train again to replace it.`
              : reward.labKey ? 'Kept in the model lab with the ratings it learned, so it is still here after a reload.' : 'Not kept in the model lab (see the message above); it lasts until you reload.'}
          </p>
          <p>
            Where it is wrong matters: whatever it rewards by mistake, PPO will find and exploit. Score some fresh
            answers, and type your own to probe it.
          </p>
          <button type="button" onClick={() => void scoreFresh()}>Score 4 fresh answers</button>
          {freshError && <p className="notice notice-error" role="alert">{freshError}</p>}
          {fresh && <ScoreList title="The reward model's scores of fresh answers" prompt={fresh.prompt} texts={fresh.texts} scores={fresh.scores} />}
          <label className="rl-field">
            Any text, scored as an answer to “{promptsOf(ratings)[0] ?? ''}”
            <textarea rows={2} maxLength={5000} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
          </label>
          {typedScore.error && <p className="notice notice-error" role="alert">{typedScore.error}</p>}
          {typedScore.score !== null && typed.trim() && <p role="status" data-testid="typed-score">Reward: {typedScore.score.toFixed(2)}</p>}
        </div>
      )}
    </>
  );
}
