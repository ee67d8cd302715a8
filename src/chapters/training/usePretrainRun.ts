// The chapter's bridge to the worker's `train` for pre-training: makes a fresh model (or takes a lab checkpoint),
// trains it on a text, and records every step, evaluation and sample. Pause is the worker's cancel (it answers
// with the run state and keeps it under RUN_KEY); resume goes on from there, or after a reload from the last
// run state the worker vouched for, which this hook keeps in the lab (savedRun.ts). A run whose loss turns NaN
// stops at the last good weights, with the worker's message.
import { useCallback, useEffect, useRef, useState } from 'react';
import { engine } from '../../state/engineConnection';
import { addCheckpoint, setActiveCheckpoint } from '../../state/lab/labActions';
import { saveRun } from '../../state/lab/labCollections';
import { useStore } from '../../state/store';
import { useEngineStream } from '../../state/useEngineStream';
import type { TrainProgress, TrainResult } from '../../workers/handlers/train';
import type { ParamsOf } from '../../workers/protocol';
import { engineTrainConfig, samplePrompt } from './presets';
import { BEST_PATIENCE, emptyCurves, type PretrainSetup, type RunCurves } from './runTypes';
import { forgetRun, keepRun, keptRun, type SavedRun } from './savedRun';
import type { TokenizerSource } from './tokenizerChoice';

/** Where the worker holds a paused run, and where a fresh model is loaded before its first step. */
export const RUN_KEY = 'training:pretrain-run';
export const FRESH_KEY = 'training:fresh-model';

export type RunPhase = 'idle' | 'preparing' | 'training' | 'paused' | 'finished' | 'diverged' | 'failed';

/** The sample prompt for a text: the chapter's fixed one for Tiny Shakespeare, the text's own start otherwise. */
export function samplePromptFor(setup: Pick<PretrainSetup, 'corpus'>, text: string): string {
  if (setup.corpus === 'shakespeare') return samplePrompt;
  return [...text.trimStart()].slice(0, 12).join('') || samplePrompt;
}

export interface PretrainRun {
  phase: RunPhase;
  setup: PretrainSetup | null;
  curves: RunCurves;
  /** The latest step (for tokens/s, FLOPs/s, learning rate, gradient norm). */
  latest: Extract<TrainProgress, { stage: 'training' }> | null;
  message: string | null;
  /** True when the paused run was found in the lab after a reload (not held by the worker). */
  isRestored: boolean;
  /** Whether a model can be saved now (a restored run must take a step first: the page keeps only its run state). */
  hasModel: boolean;
  /** With "stop at the best validation": the evaluation whose model was kept (what Save saves). */
  keptBest: { iter: number; val: number } | null;
  begin: (setup: PretrainSetup, text: string, model: { from: 'fresh'; tokenizer: TokenizerSource } | { from: 'checkpoint'; key: string }) => Promise<void>;
  pause: () => void;
  resume: (text: string, extraSteps?: number) => Promise<void>;
  reset: () => Promise<void>;
  /** Saves the model as `pretrained` in the lab (and the run's curves), and makes it the active model. */
  save: (label: string) => Promise<string>;
  /** Keeps only the run's curves and settings in the lab (to overlay on a later run). */
  keepCurves: () => Promise<void>;
}

export function usePretrainRun(): PretrainRun {
  const curves = useRef<RunCurves>(emptyCurves());
  const [, redraw] = useState(0);
  const [phase, setPhase] = useState<RunPhase>('idle');
  const [setup, setSetup] = useState<PretrainSetup | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [isRestored, setRestored] = useState(false);
  const result = useRef<TrainResult | null>(null);
  const bestModel = useRef<NonNullable<TrainResult['best']> | null>(null);
  const runState = useRef<ArrayBuffer | null>(null);
  const setupRef = useRef<PretrainSetup | null>(null);
  const lastStep = useRef<PretrainRun['latest']>(null);
  const ownText = useRef<string | null>(null);
  const isLabReady = useStore((s) => s.labStatus === 'ready');
  // Writes to the lab go one after another, so an older run state never lands after a newer one.
  const writing = useRef<Promise<void>>(Promise.resolve());

  const persist = useCallback((bytes: ArrayBuffer, phase: SavedRun['phase'] = 'paused') => {
    const s = setupRef.current;
    if (!s) return;
    const snapshot = { setup: s, curves: structuredClone(curves.current), ownText: ownText.current, runState: bytes, phase, best: bestModel.current, savedAt: new Date().toISOString() };
    writing.current = writing.current.then(() => keepRun(snapshot)).catch(() => {
      setMessage('Your browser would not store the run, so a reload would lose it (it goes on here).');
    });
  }, []);

  const stream = useEngineStream('train', {
    cancelKeepsAnswer: true,
    onProgress: (p) => {
      const c = curves.current;
      switch (p.stage) {
        case 'data':
          c.charsPerToken = p.valCharacters / Math.max(1, p.valTokens);
          break;
        case 'training':
          lastStep.current = p;
          c.steps.push({ iter: p.iter, loss: p.loss });
          c.activeMs += p.ms;
          if (p.snapshot) {
            runState.current = p.snapshot.bytes;
            persist(p.snapshot.bytes);
          }
          break;
        case 'evaluation':
          if (!c.evals.some((e) => e.iter === p.iter)) c.evals.push({ iter: p.iter, train: p.train, val: p.val });
          break;
        case 'sample':
          c.samples.push({ iter: p.iter, text: p.text });
          break;
        case 'best': // kept with the next run state, so the best model outlives a reload
          bestModel.current = { iter: p.iter, val: p.val, bytes: p.bytes };
          break;
        case 'recovered':
          setMessage(`The GPU stopped (${p.reason}); training went on from step ${p.iter} on ${p.backend}.`);
          break;
      }
    },
  });
  const { start, cancel } = stream;

  const run = useCallback(async (params: ParamsOf<'train'>) => {
    setPhase('training');
    setMessage(null);
    const answer = await start(params);
    redraw((n) => n + 1);
    if (!answer) {
      setPhase('failed');
      return;
    }
    result.current = answer;
    runState.current = answer.runState;
    if (answer.best) bestModel.current = answer.best; // a resumed run answers only a better one
    setRestored(false);
    // Curves past the model returned (a diverged run's last steps) are cut back to it.
    const c = curves.current;
    c.steps = c.steps.filter((s) => s.iter <= answer.stopped.iter);
    c.evals = c.evals.filter((e) => e.iter <= answer.stopped.iter);
    if (answer.stopped.reason === 'cancelled') {
      setPhase('paused');
      persist(answer.runState);
    } else if (answer.stopped.reason === 'diverged') {
      setPhase('diverged');
      setMessage(`${answer.stopped.message} Lower the learning rate and start again, or save the last good model.`);
      persist(answer.runState, 'diverged');
    } else {
      setPhase('finished');
      persist(answer.runState, 'finished'); // kept until the reader resets: a reload still shows the finished run
    }
    const best = bestModel.current;
    if (setupRef.current?.keepBest && best && answer.stopped.reason !== 'diverged') {
      const early = /^Stopped early/.test(answer.stopped.message) ? `${answer.stopped.message} ` : '';
      setMessage(`${early}The model kept is step ${best.iter}’s, where validation was best (${best.val.toFixed(3)}): saving saves it.`);
    }
  }, [start, persist]);

  const commonParams = (s: PretrainSetup, text: string) => ({
    corpus: text,
    label: `Pre-trained: ${s.preset} recipe`,
    kind: 'pretrained',
    snapshotEvery: 50,
    runKey: RUN_KEY,
    sample: { prompt: samplePromptFor(s, text), every: presetSampleEvery(s), maxNewTokens: 48, temperature: 0.8, seed: 1, atStart: true },
    ...(s.keepBest ? { keepBest: { patience: BEST_PATIENCE, ...(bestModel.current ? { beat: bestModel.current.val } : {}) } } : {}),
  });

  const begin: PretrainRun['begin'] = useCallback(async (s, text, model) => {
    cancel();
    curves.current = emptyCurves();
    result.current = null;
    bestModel.current = null;
    runState.current = null;
    setupRef.current = s;
    ownText.current = s.corpus === 'own' ? text : null;
    setSetup(s);
    setRestored(false);
    setMessage(null);
    setPhase('preparing');
    let key: string;
    try {
      if (model.from === 'fresh') {
        const made = await engine().call('createModel', {
          config: { ...s.shape, dropout: 0, bias: false, positional: 'learned', activation: 'gelu' },
          ...model.tokenizer, seed: s.train.seed, label: 'Untrained model',
          // On PyTorch's stream the weights are nanoGPT's own for the seed, and the batches follow from there.
          ...(s.train.randomStream === 'torch' ? { init: 'nanogpt' as const } : {}),
        });
        await engine().call('loadCheckpoint', { key: FRESH_KEY, bytes: made.bytes });
        curves.current.vocabSize = made.config.vocabSize;
        key = FRESH_KEY;
      } else {
        key = model.key;
        curves.current.vocabSize = useStore.getState().checkpoints.find((c) => c.key === key)?.summary.config.vocabSize ?? null;
      }
    } catch (error) {
      setPhase('failed');
      setMessage((error as Error).message);
      return;
    }
    // A fresh model, or one trained only at its top (shorter windows than its context: estimate.ts), sets the windows.
    const train = model.from === 'fresh' || s.train.trainLastBlocks ? { ...engineTrainConfig(s.train), blockSize: s.shape.blockSize } : engineTrainConfig(s.train);
    await run({ key, train, ...commonParams(s, text) });
  }, [cancel, run]);

  const resume: PretrainRun['resume'] = useCallback(async (text, extraSteps) => {
    const s = setupRef.current;
    if (!s) return;
    const iter = curves.current.steps.at(-1)?.iter ?? 0;
    const maxIters = extraSteps ? iter + extraSteps : Math.max(s.train.steps, iter + 1);
    const from = isRestored || !result.current
      ? { runState: runState.current! }
      : { runKey: RUN_KEY };
    if ('runState' in from && !from.runState) return;
    await run({ resume: { ...from, maxIters }, train: {}, ...commonParams(s, ownText.current ?? text) });
  }, [isRestored, run]);

  const reset = useCallback(async () => {
    cancel();
    curves.current = emptyCurves();
    result.current = null;
    bestModel.current = null;
    runState.current = null;
    setupRef.current = null;
    setSetup(null);
    setPhase('idle');
    setMessage(null);
    setRestored(false);
    await forgetRun().catch(() => {});
  }, [cancel]);

  const save = useCallback(async (label: string) => {
    const s = setupRef.current;
    // Stopping at the best validation saves that evaluation's model (kept across a reload too), and the curves up to it.
    const best = s?.keepBest ? bestModel.current : null;
    const bytes = best?.bytes ?? result.current?.bytes;
    if (!bytes || !s) throw new Error('There is no model to save yet: pause or finish a run first.');
    const c = curves.current;
    const lossHistory = c.evals.filter((e) => !best || e.iter <= best.iter).map((e) => ({ iter: e.iter, loss: e.train, valLoss: e.val }));
    const entry = await addCheckpoint(bytes, label, 'pretrained', { parent: s.from === 'fresh' ? null : s.from, lossHistory });
    await saveRun(runRecordOf(s, c, entry.key));
    await setActiveCheckpoint(entry.key);
    return entry.key;
  }, []);

  const keepCurves = useCallback(async () => {
    const s = setupRef.current;
    if (!s || curves.current.evals.length === 0) throw new Error('There are no curves to keep yet.');
    await saveRun(runRecordOf(s, curves.current, null));
  }, []);

  // After a reload: a run kept in the lab comes back paused, ready to resume from its bytes.
  useEffect(() => {
    if (!isLabReady || setupRef.current) return;
    let isCurrent = true;
    void keptRun().then((kept) => {
      if (!kept || !isCurrent || setupRef.current) return;
      setupRef.current = kept.setup;
      ownText.current = kept.ownText;
      curves.current = kept.curves;
      runState.current = kept.runState;
      bestModel.current = kept.best ?? null;
      setSetup(kept.setup);
      setRestored(true);
      setPhase(kept.phase ?? 'paused');
    }).catch(() => {});
    return () => {
      isCurrent = false;
    };
  }, [isLabReady]);

  // The last step's figures stay shown between steps (evaluations and samples report in between), not after a run.
  const latest = stream.status === 'running' ? lastStep.current : null;
  // A restored run holds only its run state, unless it stopped at the best validation: that model was kept too.
  const hasModel = (result.current !== null && !isRestored) || (!!setup?.keepBest && bestModel.current !== null);
  return {
    phase, setup, curves: curves.current, latest, isRestored, hasModel, begin,
    keptBest: setup?.keepBest && bestModel.current ? { iter: bestModel.current.iter, val: bestModel.current.val } : null, pause: cancel, resume, reset, save, keepCurves,
    message: message ?? (stream.status === 'error' ? stream.error : null),
  };
}

/** The lab's record of a run: its settings and its evaluation curves, with the checkpoint it made if one was kept. */
function runRecordOf(s: PretrainSetup, c: RunCurves, checkpointKey: string | null) {
  return {
    kind: 'pretrained' as const,
    config: { preset: s.preset, tokenizer: s.tokenizerName, ...s.shape, ...s.train, corpus: s.corpus, corpusCharacters: s.corpusCharacters },
    history: { evalIter: c.evals.map((e) => e.iter), trainLoss: c.evals.map((e) => e.train), valLoss: c.evals.map((e) => e.val) },
    checkpointKey,
  };
}

function presetSampleEvery(s: PretrainSetup): number {
  return Math.max(10, Math.round(s.train.steps / 10));
}
