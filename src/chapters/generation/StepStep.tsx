// Generation as a loop the reader drives: "Next token" draws one, "Play" draws ten, and any step can be opened to
// see the distribution its token was drawn from — and branched, by taking another token there. The text the
// branch replaced stays listed as a path not taken.
import { useEffect, useState } from 'react';
import { Knob } from '../../components/Knob';
import { ModelStatus } from '../../components/ModelStatus';
import { Term } from '../../components/Term';
import { useStore } from '../../state/store';
import { Bars, formatPercent } from '../../viz/Bars';
import { FigureFrame } from '../../viz/FigureFrame';
import { TokenStrip } from '../../viz/TokenStrip';
import { BranchTree } from './BranchTree';
import { pathsAfterWalking, type GenerationPath } from './branchTree';
import { useBranch } from './useBranch';

export function StepStep() {
  const prompt = useStore((s) => s.knobs.prompt);
  const isBranchLocked = useStore((s) => s.locked.includes('branch'));
  const isLabReady = useStore((s) => s.labStatus === 'ready');
  const { tokens, isRunning, error, stopNotice, extend, branchAt, follow, stop, reset } = useBranch();
  const playLength = useStore((s) => s.knobs.genMaxLength);
  const blockSize = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey)?.summary.config.blockSize);
  const promptTokens = tokens[0]?.position ?? 0;
  const [selected, setSelected] = useState(-1);
  // Paths the reader branched away from (page state: the link keeps only the walked branch).
  const [notTaken, setNotTaken] = useState<GenerationPath[]>([]);
  useEffect(() => setNotTaken([]), [prompt]);

  const step = selected >= 0 && selected < tokens.length ? selected : tokens.length - 1;
  const shown = tokens[step];
  const rest = shown ? 1 - shown.top.reduce((sum, t) => sum + t.probability, 0) : 0;
  // Until the lab has loaded the model there is nothing to generate with.
  const isDisabled = isRunning || isBranchLocked || !isLabReady;

  const walked: GenerationPath = { ids: tokens.map((t) => t.id), labels: tokens.map((t) => t.text) };
  const takeInstead = (id: number) => {
    setNotTaken((list) => pathsAfterWalking(list, walked, [...walked.ids.slice(0, step), id]));
    setSelected(step);
    branchAt(step, id);
  };
  const followPath = (path: GenerationPath, at: number) => {
    const ids = path.ids.slice(0, at + 1);
    setNotTaken((list) => pathsAfterWalking(list, walked, ids));
    setSelected(at);
    follow(ids);
  };

  return (
    <>
      <p>
        Generation is a loop: compute the <Term concept="probability">probabilities</Term> of every next token, draw
        one, append it, and run the whole model again on the longer text. Press <em>Next token</em> a few times, then
        pick any generated token to see what else the model could have written there — and write it instead.
      </p>
      <Knob id="prompt" />
      <Knob id="temperature" />
      <Knob id="seed" />
      <Knob id="genMaxLength" />
      <Knob id="genStop" />
      <ModelStatus />
      <div className="button-row">
        <button type="button" disabled={isDisabled} onClick={() => { setSelected(-1); extend(1); }}>
          Next token
        </button>
        <button type="button" disabled={isDisabled} onClick={() => { setSelected(-1); extend(playLength); }}>
          Play {playLength} tokens
        </button>
        {isRunning && (
          <button type="button" onClick={stop}>
            Stop
          </button>
        )}
        <button type="button" disabled={isDisabled || tokens.length === 0} onClick={() => { setNotTaken([]); reset(); }}>
          Start over
        </button>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {stopNotice && (
        <p className="notice" role="status">
          {stopNotice}
        </p>
      )}
      {blockSize !== undefined && tokens.length > 0 && promptTokens + tokens.length - 1 > blockSize && (
        <p className="notice" role="status" data-testid="window-notice">
          {promptTokens > blockSize
            ? `Your prompt is ${promptTokens} tokens, but the model reads at most ${blockSize} at a time: it sees only the last ${blockSize}, and the window slides on with every new token.`
            : `Prompt and generated text now pass the ${blockSize} tokens, all the model can read at once: from step ${blockSize - promptTokens + 2} the window slides and the earliest tokens drop out of its view.`}
        </p>
      )}
      <p className="generated-text" aria-live="polite" data-testid="generated-text">
        <span className="generated-prompt">{prompt}</span>
        <span className="generated">{tokens.map((t) => t.text).join('')}</span>
      </p>
      {tokens.length > 0 && (
        <FigureFrame
          title="Generated tokens"
          source={{ kind: 'live' }}
          table={() => ({
            columns: ['step', 'token', 'id', 'probability when drawn', 'written by'],
            rows: tokens.map((t, i) => [i + 1, t.text, t.id, t.top.find((c) => c.id === t.id)?.probability ?? 0, t.forced ? 'kept from the branch' : 'drawn now']),
          })}
        >
          <TokenStrip tokens={tokens.map((t) => ({ id: t.id, label: t.text }))} label="Generated tokens" selectedIndex={step} onSelect={setSelected} />
        </FigureFrame>
      )}
      {shown && (
        <section aria-labelledby="generation-step-heading">
          <h3 id="generation-step-heading">
            Step {step + 1}: the model chose “{shown.text}”
          </h3>
          <Bars
            title={`Probabilities at step ${step + 1}, after temperature`}
            source={{ kind: 'live' }}
            items={shown.top.map((t) => ({ id: t.id, label: t.label, value: t.probability }))}
            listLabel={`Likeliest tokens at step ${step + 1}`}
            valueLabel="probability"
            markedId={shown.id}
            markText="chosen"
            maxValue={1}
            caption={`The other ${shown.summary.vocabSize - shown.top.length} tokens share ${formatPercent(Math.max(0, rest))}.`}
          />
          <p>Take another token at this step instead (what follows it is dropped and kept below as a path not taken):</p>
          <div className="button-row">
            {shown.top.filter((t) => t.id !== shown.id).map((t) => (
              <button key={t.id} type="button" disabled={isDisabled} onClick={() => takeInstead(t.id)}>
                Take “{t.label}” ({formatPercent(t.probability)})
              </button>
            ))}
          </div>
        </section>
      )}
      {notTaken.length > 0 && (
        <section aria-labelledby="paths-not-taken">
          <h3 id="paths-not-taken">Paths not taken</h3>
          <BranchTree current={walked} others={notTaken} selected={step} isDisabled={isDisabled} onSelect={setSelected} onFollow={followPath} />
        </section>
      )}
    </>
  );
}
