// Step 2: pre-train a GPT in the tab. The reader picks a recipe (or edits its settings), a tokenizer and a text,
// guesses where the loss will end, sees an estimate of the cost, then starts, pauses, steps, resumes (also after
// a reload) and saves the model to the lab as `pretrained`. Live: loss curves with ln V, throughput, time, the
// backend, and samples of a fixed prompt that turn from gibberish into words.
import { useEffect, useMemo, useState } from 'react';
import { Knob } from '../../components/Knob';
import { Term } from '../../components/Term';
import { selectCurrentModel } from '../../state/lab/labQueries';
import { useStore } from '../../state/store';
import { CorpusPicker, type CorpusChoice } from './CorpusPicker';
import { corpusProblem, loadShakespeare } from './corpus';
import { estimateAssumptions, estimateRun, formatFlops, formatSeconds, trainingPlan, trainingWindow } from './estimate';
import { LossCurves, type OverlayRun } from './figures/LossCurves';
import { SampleTimeline } from './figures/SampleTimeline';
import { matchesPyTorch, nanogptReference } from './nanogptReference';
import { presets, type PresetId } from './presets';
import { PredictLoss } from './PredictLoss';
import { RunSettings, draftProblems, type Draft } from './RunSettings';
import { RunStats } from './RunStats';
import { BEST_PATIENCE, bestValidation, type PretrainSetup } from './runTypes';
import { SaveModel } from './SaveModel';
import { tokenizerChoice } from './tokenizerChoice';
import { samplePromptFor, usePretrainRun } from './usePretrainRun';

const draftOf = (id: PresetId): Draft => ({ shape: { ...presets[id].shape }, train: { ...presets[id].train } });

export function PretrainStep() {
  const presetId = useStore((s) => s.knobs.trainPreset) as PresetId;
  const tokenizerKnob = useStore((s) => s.knobs.trainTokenizer);
  const tokenizers = useStore((s) => s.tokenizers);
  const runs = useStore((s) => s.runs);
  const current = useStore(selectCurrentModel);
  const backend = useStore((s) => s.backend);
  const isLabReady = useStore((s) => s.labStatus === 'ready');
  const preset = presets[presetId] ?? presets.default;
  const [draft, setDraft] = useState<Draft>(() => draftOf(preset.id));
  const [corpus, setCorpus] = useState<CorpusChoice>({ kind: 'shakespeare', ownText: '' });
  const [from, setFrom] = useState<'fresh' | 'current'>('fresh');
  const [guess, setGuess] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [overlayIds, setOverlayIds] = useState<string[]>([]);
  const [kept, setKept] = useState<string | null>(null);
  const [keepBest, setKeepBest] = useState(false);
  const run = usePretrainRun();
  useEffect(() => setDraft(draftOf(preset.id)), [preset.id]);

  // The nanoGPT recipe is defined on characters; the others follow the knob.
  const choice = tokenizerChoice(preset.tokenizer === 'char' ? 'char' : tokenizerKnob, tokenizers);
  const labVocab = (tokenizers.find((t) => `lab:${t.id}` === tokenizerKnob)?.json as { vocabSize?: number } | undefined)?.vocabSize;
  const vocabGuess = preset.tokenizer === 'char' || tokenizerKnob === 'char' ? 65
    : from === 'current' && current ? current.summary.config.vocabSize : labVocab ?? 1024;
  const shape = from === 'current' && current ? { ...draft.shape, ...pick(current.summary.config), blockSize: trainingWindow(current.summary.config) } : draft.shape;
  const threads = Number(/(\d+) threads?/.exec(backend?.description ?? '')?.[1] ?? 1);
  const plan = from === 'current' && current ? trainingPlan(current.summary.config, current.label, draft.train.batchSize, shape.blockSize) : null;
  const estimate = estimateRun(shape, draft.train, vocabGuess, backend?.name ?? 'wasm', threads, plan?.trainLastBlocks ?? undefined);
  const problems = draftProblems(draft);
  const tooBig = plan?.refusal ?? null;
  const isBusy = run.phase === 'preparing' || run.phase === 'training';
  const planned = run.setup?.train.steps ?? draft.train.steps;
  const best = run.setup?.preset === 'overfit' || preset.id === 'overfit' || run.setup?.keepBest ? bestValidation(run.curves.evals) : null;
  const reference = (run.setup?.preset ?? preset.id) === 'nanogpt' ? nanogptReference : null;
  // Before a run: would the settings on screen replay PyTorch's run? During and after: does this run?
  const isPyTorchRun = run.setup ? matchesPyTorch(run.setup) : matchesPyTorch({ preset: preset.id, shape, train: draft.train, from: from === 'fresh' ? 'fresh' : 'current', corpus: corpus.kind });
  const lastEval = run.curves.evals.at(-1);
  const torchAtLast = lastEval ? reference?.points.find((p) => p.iter === lastEval.iter) : undefined;
  const lastStep = run.curves.steps.at(-1);
  const torchStep = lastStep ? reference?.stepLosses[lastStep.iter - 1] : undefined;
  const overlays: OverlayRun[] = useMemo(() => runs.filter((r) => overlayIds.includes(r.id)).map((r) => ({
    id: r.id,
    label: `${String(r.config.preset ?? 'run')}, lr ${String(r.config.maxLr ?? '?')}, ${new Date(r.createdAt).toLocaleTimeString()}`,
    evals: (r.history.evalIter ?? []).map((iter, i) => ({ iter, train: r.history.trainLoss?.[i] ?? NaN, val: r.history.valLoss?.[i] ?? NaN })),
  })), [runs, overlayIds]);

  const textFor = async (setup: Pick<PretrainSetup, 'corpus'>, characters: number | null) => {
    const text = setup.corpus === 'shakespeare' ? await loadShakespeare() : corpus.ownText;
    return characters ? text.slice(0, characters) : text;
  };

  const start = async () => {
    setProblem(null);
    if (problems.length) return setProblem(problems.join(' '));
    let text: string;
    try {
      text = await textFor({ corpus: corpus.kind }, preset.corpusCharacters);
    } catch (error) {
      return setProblem((error as Error).message);
    }
    const bad = corpusProblem(text, shape.blockSize);
    if (bad) return setProblem(bad);
    const setup: PretrainSetup = {
      preset: preset.id, shape, train: plan?.trainLastBlocks ? { ...draft.train, trainLastBlocks: plan.trainLastBlocks } : draft.train, tokenizer: tokenizerKnob, tokenizerName: from === 'current' && current ? `the tokenizer of “${current.label}”` : choice.name,
      from: from === 'current' && current ? current.key : 'fresh', corpus: corpus.kind, corpusCharacters: text.length,
      ...(keepBest ? { keepBest: true } : {}),
    };
    await run.begin(setup, text, from === 'current' && current ? { from: 'checkpoint', key: current.key } : { from: 'fresh', tokenizer: choice.source(text) });
  };

  const resume = async (extraSteps?: number) => {
    if (!run.setup) return;
    try {
      await run.resume(await textFor(run.setup, run.setup.corpus === 'shakespeare' ? run.setup.corpusCharacters : null), extraSteps);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const lastVal = run.curves.evals.at(-1)?.val ?? null;
  const pretrainedRuns = runs.filter((r) => r.kind === 'pretrained');

  return (
    <>
      <p>
        Now train one yourself. A fresh model starts with random weights: it gives every token about the same
        probability, so its loss sits on the random-guess line ln V. Each step reads a batch of windows from the text,
        measures the <Term concept="loss">loss</Term>, and nudges every weight against its gradient. Nothing else:
        no rules of spelling or grammar are given, yet within a minute the samples below turn from noise into words.
      </p>
      <div className="train-setup">
        <Knob id="trainPreset" />
        <p className="knob-help" data-testid="preset-purpose">{preset.purpose}</p>
        {preset.tokenizer === 'char' ? (
          <p className="knob-help">This recipe reads characters (65 of them in Tiny Shakespeare), as nanoGPT’s does.</p>
        ) : (
          <Knob id="trainTokenizer" />
        )}
        {choice.problem && isLabReady && <p className="notice" role="status">{choice.problem}</p>}
        <fieldset className="train-from" disabled={isBusy}>
          <legend>Start from</legend>
          <label><input type="radio" name="train-from" checked={from === 'fresh'} onChange={() => setFrom('fresh')} /> a fresh, untrained model</label>
          <label>
            <input type="radio" name="train-from" checked={from === 'current'} disabled={!current} onChange={() => setFrom('current')} />{' '}
            the current model{current ? ` (“${current.label}”, its shape and tokenizer)` : ''}
          </label>
        </fieldset>
        <CorpusPicker value={corpus} onChange={setCorpus} isDisabled={isBusy} />
        <RunSettings draft={draft} onChange={setDraft} isDisabled={isBusy} isShapeFixed={from === 'current'} />
        <label className="train-keep-best">
          <input type="checkbox" checked={keepBest} disabled={isBusy} onChange={(e) => setKeepBest(e.currentTarget.checked)} />{' '}
          Stop at the best validation: keep the model from the evaluation where the validation loss was lowest, and stop
          once {BEST_PATIENCE} evaluations in a row have not beaten it (“early stopping”)
        </label>
      </div>
      <p data-testid="run-estimate">
        <strong>Before you start</strong> (an estimate): {estimate.parameters.toLocaleString('en')} parameters,{' '}
        {formatFlops(estimate.flopsPerStep)} per step, about {formatSeconds(estimate.secondsPerStep)} per step on{' '}
        {backend?.description ?? 'this backend'}, so about {formatSeconds(estimate.totalSeconds)} for {draft.train.steps} steps.{' '}
        <span className="knob-help">{estimateAssumptions}</span>
      </p>
      {tooBig && <p className="notice notice-error" role="alert" data-testid="too-big-to-train">{tooBig}</p>}
      {plan?.note && <p className="notice" data-testid="trains-top-blocks">{plan.note}</p>}
      <PredictLoss guess={guess} onGuess={setGuess} vocabSize={run.curves.vocabSize ?? vocabGuess} steps={draft.train.steps} actual={run.phase === 'finished' ? lastVal : null} />
      <div className="button-row" role="group" aria-label="Training controls">
        <button type="button" onClick={() => void start()} disabled={isBusy || !isLabReady || tooBig !== null}>
          {run.phase === 'idle' ? 'Start training' : 'Start again'}
        </button>
        <button type="button" onClick={run.pause} disabled={run.phase !== 'training'}>Pause</button>
        <button type="button" onClick={() => void resume()} disabled={run.phase !== 'paused'}>Resume</button>
        <button type="button" onClick={() => void resume(1)} disabled={!(run.phase === 'paused' || (run.phase === 'finished' && run.isRestored))}>One step</button>
        <button type="button" onClick={() => void run.reset()} disabled={run.phase === 'idle' || isBusy}>Reset</button>
      </div>
      {problem && <p className="notice notice-error" role="alert" data-testid="run-problem">{problem}</p>}
      {run.message && <p className={`notice${run.phase === 'diverged' || run.phase === 'failed' ? ' notice-error' : ''}`} role="alert">{run.message}</p>}
      {run.isRestored && (
        <p className="notice" role="status" data-testid="restored-run">
          Your run from before the reload was kept at step {run.curves.steps.at(-1)?.iter ?? 0}
          {run.keptBest && `, with the model of its best validation (step ${run.keptBest.iter}), which Save saves`}
          {run.phase === 'paused' ? ': resume it, or reset to start over.'
            : run.keptBest ? ': save it, or reset to start over.' : ': take one more step to get its model back and save it, or reset to start over.'}
        </p>
      )}
      <RunStats run={run} estimate={estimate} />
      <LossCurves curves={run.curves} plannedSteps={planned} overlays={overlays} reference={reference && { ...reference, label: `${reference.label}${isPyTorchRun ? ': same numbers as PyTorch' : ': same recipe'}` }} best={best} />
      {reference && (
        <p className="knob-help" data-testid="pytorch-parity">
          The dashed reference is PyTorch’s validation loss for this recipe (precomputed: <code>{reference.command}</code>).{' '}
          {isPyTorchRun
            ? <><strong>Same numbers as PyTorch:</strong> this run starts from the very weights nanoGPT draws for seed {presets.nanogpt.train.seed} and reads the very same batches (our engine replays PyTorch’s random number generator), so its losses match PyTorch’s to about four decimals at first; rounding in a different order lets them drift apart slowly over the steps.</>
            : <>Your settings differ from the recipe’s (or the model or text does), so this is the same recipe but not the same numbers: expect a similar curve, not an identical one.</>}
          {lastEval && torchAtLast && ` Validation at step ${lastEval.iter}: ours ${lastEval.val.toFixed(4)}, PyTorch’s ${torchAtLast.val.toFixed(4)}.`}
          {lastStep && torchStep !== undefined && ` Batch loss at step ${lastStep.iter}: ours ${lastStep.loss.toFixed(4)}, PyTorch’s ${torchStep.toFixed(4)}.`}
        </p>
      )}
      {best && run.curves.evals.length > 2 && (
        <p data-testid="best-validation">
          Stop at the best validation: step {best.iter}, validation loss {best.val.toFixed(3)}
          {run.keptBest && ` (the model kept: step ${run.keptBest.iter}’s)`}
          {lastVal !== null && lastVal > best.val + 0.01 ? `. Since then it rose to ${lastVal.toFixed(3)} while the training loss kept falling: the model is memorising its ${run.setup?.corpusCharacters.toLocaleString('en')} characters rather than learning the language.` : '.'}
        </p>
      )}
      <SampleTimeline prompt={run.setup ? samplePromptFor(run.setup, corpus.ownText) : ''} samples={run.curves.samples} />
      <div className="button-row">
        <button
          type="button"
          disabled={run.curves.evals.length === 0 || isBusy}
          onClick={() => void run.keepCurves().then(() => setKept('Kept: tick it below to overlay it on your next run.'), (e: Error) => setKept(e.message))}
        >
          Keep these curves to compare
        </button>
        {kept && <span role="status">{kept}</span>}
      </div>
      {pretrainedRuns.length > 0 && (
        <fieldset className="train-overlays">
          <legend>Overlay runs kept in your lab</legend>
          {pretrainedRuns.map((r) => (
            <label key={r.id}>
              <input
                type="checkbox"
                checked={overlayIds.includes(r.id)}
                onChange={(e) => {
                  const isOn = e.currentTarget.checked;
                  setOverlayIds((ids) => (isOn ? [...ids, r.id] : ids.filter((x) => x !== r.id)));
                }}
              />{' '}
              {String(r.config.preset ?? 'run')} recipe, peak learning rate {String(r.config.maxLr ?? '?')}, {String(r.config.steps ?? '?')} steps ({new Date(r.createdAt).toLocaleString()})
            </label>
          ))}
        </fieldset>
      )}
      <SaveModel kind="pretrained" canSave={run.hasModel && (run.phase === 'paused' || run.phase === 'finished' || run.phase === 'diverged')} defaultLabel={`My ${preset.id} model, step ${run.curves.steps.at(-1)?.iter ?? 0}`} save={run.save} />
    </>
  );
}

function pick(c: { nLayer: number; nHead: number; nEmbd: number; blockSize: number }) {
  return { nLayer: c.nLayer, nHead: c.nHead, nEmbd: c.nEmbd, blockSize: c.blockSize };
}
