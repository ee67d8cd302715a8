// Step 3: train a byte-pair encoding live. The worker counts every adjacent pair of tokens in the training text and
// merges the most frequent one into a new token, again and again; each merge streams here with its count, the sample
// passage re-cut with it, and how many tokens held-out text now takes, beside GPT-2's and GPT-4o's counts.
import { useMemo, useState } from 'react';
import { Knob } from '../../components/Knob';
import { Term } from '../../components/Term';
import { useStore } from '../../state/store';
import { LineChart } from '../../viz/LineChart';
import { FirstMergeGuess } from './FirstMergeGuess';
import { MergePlayer } from './MergePlayer';
import { SaveTokenizer } from './SaveTokenizer';
import { useLongText, useTrainedTokenizer } from './trainedTokenizer';
import { useBpeTraining, type RunLog } from './useBpeTraining';
import { usePlayer } from './usePlayer';

export function TrainStep() {
  const trainOn = useStore((s) => s.knobs.tokTrainOn);
  const merges = useStore((s) => s.knobs.tokMerges);
  const text = useStore((s) => s.knobs.tokText);
  const training = useBpeTraining();
  const { log, status, progress, result, error } = training;
  const player = usePlayer(log.merges.length);
  const trained = useTrainedTokenizer();
  const isRunning = status === 'running';
  const longText = useLongText();
  const sourceName = trainOn === 'corpus' ? 'Tiny Shakespeare' : trainOn === 'long' ? (longText?.what ?? 'your long text') : 'your text';
  const trainText = trainOn === 'long' ? (longText?.text ?? '') : text;
  const isMissingText = trainOn !== 'corpus' && !/\S/.test(trainText); // stops at the first letter: no copy of a long text per render
  const [guess, setGuess] = useState('');

  const train = () => {
    player.restart();
    const sample = Array.from(trainText.slice(0, 320)).slice(0, 160).join(''); // whole code points
    void training.start(trainOn === 'corpus' ? { source: 'corpus', merges } : { source: 'text', text: trainText, merges, sample }, sourceName);
  };

  return (
    <>
      <p>
        GPT-2's and GPT-4o's vocabularies were not written by hand: they were learned by <Term concept="token">byte-pair
        encoding</Term> (BPE). Start with the 256 possible bytes as tokens. Count every pair of neighbouring tokens in a
        training text, make the most frequent pair a new token, replace it everywhere, and count again. Each merge
        shortens the text by as many tokens as the pair occurred. Watch it happen, merge by merge, in the engine's worker.
      </p>
      <Knob id="tokTrainOn" />
      <Knob id="tokMerges" />
      <FirstMergeGuess guess={guess} onGuess={setGuess} merges={log.merges} shown={player.shown} isLocked={isRunning || (player.shown > 0 && player.shown < log.merges.length)} />
      <div className="button-row">
        <button type="button" onClick={train} disabled={isRunning || isMissingText}>
          Train {merges} merges
        </button>
        <button type="button" onClick={training.cancel} disabled={!isRunning}>
          Stop training
        </button>
      </div>
      {isMissingText && (
        <p className="notice" role="status">
          {trainOn === 'long'
            ? 'There is no long text yet: open “A long text” in the first step and paste a text or load Tiny Shakespeare.'
            : 'Your text in the first step is empty: type something there, or train on Tiny Shakespeare.'}
        </p>
      )}
      {isRunning && progress?.stage === 'counting' && (
        <p role="status">
          Counting the pairs in the text: <progress max={progress.total} value={progress.done} aria-label="Counting the training text" />{' '}
          {Math.round((100 * progress.done) / Math.max(1, progress.total))}%
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && <StopNote stop={result.stop} merges={result.merges} asked={result.asked} sourceName={sourceName} mergeMs={result.mergeMs} />}
      {log.ready && <MergePlayer log={log} player={player} isTraining={isRunning} />}
      {log.ready && <CompressionChart log={log} shown={player.shown} />}
      {trained && !isRunning && <SaveTokenizer trained={trained} />}
    </>
  );
}

function StopNote({ stop, merges, asked, sourceName, mergeMs }: { stop: string; merges: number; asked: number; sourceName: string; mergeMs: number }) {
  const rate = mergeMs > 0 ? ` (${Math.round((merges / mergeMs) * 1000).toLocaleString('en')} merges a second)` : '';
  if (stop === 'reached') return <p role="status" data-testid="train-stop">Trained {merges} merges on {sourceName}{rate}.</p>;
  if (stop === 'cancelled') {
    return (
      <p role="status" data-testid="train-stop">
        Stopped after {merges} of {asked} merges; the tokenizer keeps the {merges} it learned.
      </p>
    );
  }
  return (
    <p className="notice" role="status" data-testid="train-stop">
      Only {merges} of the {asked} merges you asked for: after merge {merges}, no pair of neighbouring tokens occurs twice
      in {sourceName}, so a new token would save nothing (merges stop at pairs seen at least twice). A longer text, or
      Tiny Shakespeare, gives more.
    </p>
  );
}

/** Characters per token on held-out text as the vocabulary grows, with GPT-2's and GPT-4o's on the same text. */
function CompressionChart({ log, shown }: { log: RunLog; shown: number }) {
  const ready = log.ready!;
  const { characters, bytes, gpt2Tokens, gpt4oTokens, name } = ready.heldOut;
  const points = useMemo(
    () => [{ x: 256, y: characters / bytes }, ...log.merges.slice(0, shown).map((m) => ({ x: m.id + 1, y: characters / m.heldOutTokens }))],
    // log.merges grows in place; its length and the cursor say when the points change.
    [log.merges, log.merges.length, shown, characters, bytes],
  );
  const last = points[points.length - 1];
  return (
    <LineChart
      title="Compression on held-out text as the vocabulary grows"
      source={{ kind: 'live' }}
      caption={
        <>
          Characters per token on {name} ({characters.toLocaleString('en')} characters, never seen in training), after
          each merge. More is better: the same text in fewer tokens. Now {last.y.toFixed(2)} with {last.x.toLocaleString('en')}{' '}
          tokens; GPT-2 gets {(characters / gpt2Tokens).toFixed(2)} with 50,257 and GPT-4o {(characters / gpt4oTokens).toFixed(2)} with
          about 200,000.
        </>
      }
      series={[{ id: 'ours', label: 'Your BPE', concept: 'token', points }]}
      references={[
        { y: characters / gpt2Tokens, label: `GPT-2 (50,257 tokens): ${(characters / gpt2Tokens).toFixed(2)}` },
        { y: characters / gpt4oTokens, label: `GPT-4o (200k tokens): ${(characters / gpt4oTokens).toFixed(2)}` },
      ]}
      xLabel="vocabulary size (tokens)"
      yLabel="characters per token"
      minXDomain={[256, 256 + Math.max(1, log.merges.length)]}
    />
  );
}
