// The chapter's bridge to the worker's `train` for supervised fine-tuning on the "who speaks next?" task: the
// examples train, the held-out prompts are answered at every evaluation (exact match) and the plain-text loss is
// measured beside them (what the model forgets). Pause is the worker's cancel; resume goes on from the run it holds.
import { useCallback, useEffect, useRef, useState } from 'react';
import { addCheckpoint, setActiveCheckpoint } from '../../state/lab/labActions';
import { saveRun } from '../../state/lab/labCollections';
import { useStore } from '../../state/store';
import { useEngineStream } from '../../state/useEngineStream';
import type { FineTuneExample, TrainResult } from '../../workers/handlers/train';
import { loadShakespeare } from './corpus';
import { engineTrainConfig, finetuneRecipe } from './presets';
import { keepFinetune, keptFinetune, type SavedFinetune } from './savedRun';
import type { SftTask } from './sftTask';

export const SFT_RUN_KEY = 'training:sft-run';

export interface ProbePoint {
  iter: number;
  exactMatch: number;
  answers: string[];
  textLoss: number | null;
}

export interface FinetuneCurves {
  steps: { iter: number; loss: number }[];
  evals: { iter: number; train: number; val: number }[];
  probes: ProbePoint[];
  samples: { iter: number; text: string }[];
}

const empty = (): FinetuneCurves => ({ steps: [], evals: [], probes: [], samples: [] });

/** What the reader sets for a fine-tuning run (the rest is finetuneRecipe). */
export interface FinetuneSettings {
  maxLr: number;
  steps: number;
  /** 'cosine': warm up, then decay to a tenth; 'constant': the peak rate throughout. */
  schedule: 'cosine' | 'constant';
  /** More (prompt, response) pairs to train on: the reader's RLHF choices. */
  extraExamples?: FineTuneExample[];
  /** Train only the top this many blocks (estimate.ts's trainingPlan for a model too big to train whole). */
  trainLastBlocks?: number;
}

export type FinetunePhase = 'idle' | 'training' | 'paused' | 'finished' | 'diverged' | 'failed';

export function useFinetuneRun() {
  const curves = useRef<FinetuneCurves>(empty());
  const [phase, setPhase] = useState<FinetunePhase>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const [baseKey, setBaseKey] = useState<string | null>(null);
  const result = useRef<TrainResult | null>(null);
  const params = useRef<Parameters<typeof stream.start>[0] | null>(null);
  // The latest run state the worker vouched for, kept in IndexedDB so a reload can resume (as pre-training does).
  const runState = useRef<ArrayBuffer | null>(null);
  /** The model to save: the latest answer's, or after a reload a finished run's kept one. */
  const modelBytes = useRef<ArrayBuffer | null>(null);
  const [isRestored, setRestored] = useState(false);
  const isLabReady = useStore((s) => s.labStatus === 'ready');
  const writing = useRef<Promise<void>>(Promise.resolve());
  const persist = useCallback((bytes: ArrayBuffer, base: string | null, phase: NonNullable<SavedFinetune['phase']> = 'paused', model?: ArrayBuffer) => {
    const p = params.current;
    if (!p || !base) return;
    // The settings stay (the record of a saved run reads them); a resume sends the run state's own instead.
    const { key: _key, resume: _resume, ...rest } = p;
    const kept = { params: rest, baseKey: base, curves: structuredClone(curves.current), runState: bytes, phase, ...(model ? { model } : {}), savedAt: new Date().toISOString() };
    writing.current = writing.current.then(() => keepFinetune(kept)).catch(() => {});
  }, []);
  const baseRef = useRef<string | null>(null);

  const stream = useEngineStream('train', {
    cancelKeepsAnswer: true,
    onProgress: (p) => {
      const c = curves.current;
      if (p.stage === 'training') {
        c.steps.push({ iter: p.iter, loss: p.loss });
        if (p.snapshot) {
          runState.current = p.snapshot.bytes;
          persist(p.snapshot.bytes, baseRef.current);
        }
      }
      else if (p.stage === 'evaluation' && !c.evals.some((e) => e.iter === p.iter)) c.evals.push({ iter: p.iter, train: p.train, val: p.val });
      else if (p.stage === 'probe' && !c.probes.some((e) => e.iter === p.iter)) c.probes.push({ iter: p.iter, exactMatch: p.exactMatch, answers: p.answers, textLoss: p.textLoss });
      else if (p.stage === 'sample') c.samples.push({ iter: p.iter, text: p.text });
    },
  });
  const { start, cancel } = stream;

  const run = useCallback(async (p: NonNullable<typeof params.current>) => {
    setPhase('training');
    setMessage(null);
    const answer = await start(p);
    if (!answer) return setPhase('failed');
    result.current = answer;
    modelBytes.current = answer.bytes;
    runState.current = answer.runState;
    setRestored(false);
    const { reason } = answer.stopped;
    // A finished (or diverged) run comes back as such after a reload, with its model, so it can still be saved.
    if (reason === 'cancelled') persist(answer.runState, baseRef.current);
    else persist(answer.runState, baseRef.current, reason, answer.bytes);
    if (reason === 'cancelled') setPhase('paused');
    else if (reason === 'diverged') {
      setPhase('diverged');
      setMessage(`${answer.stopped.message} Lower the learning rate and start again.`);
    } else setPhase('finished');
  }, [start, persist]);

  const begin = useCallback(async (task: SftTask, key: string, settings: FinetuneSettings) => {
    cancel();
    curves.current = empty();
    result.current = null;
    modelBytes.current = null;
    runState.current = null;
    setRestored(false);
    setBaseKey(key);
    baseRef.current = key;
    let plain: string;
    try {
      plain = (await loadShakespeare()).slice(-finetuneRecipe.plainTextCharacters);
    } catch (error) {
      setPhase('failed');
      setMessage((error as Error).message);
      return;
    }
    const context = useStore.getState().checkpoints.find((c) => c.key === key)?.summary.config.blockSize ?? finetuneRecipe.blockSize;
    const { maxLr, steps, schedule, extraExamples = [], trainLastBlocks } = settings;
    const t = { ...finetuneRecipe.train, maxLr, minLr: maxLr / 10, steps, schedule, warmupIters: Math.min(finetuneRecipe.train.warmupIters, steps - 1), trainLastBlocks };
    params.current = {
      key, examples: [...task.train, ...extraExamples], train: { ...engineTrainConfig(t), blockSize: Math.min(context, finetuneRecipe.blockSize) },
      label: 'Fine-tuned: who speaks next?', kind: 'sft', runKey: SFT_RUN_KEY, snapshotEvery: 25,
      probe: { examples: task.test.slice(0, finetuneRecipe.probePrompts), maxNewTokens: 8, text: plain },
      sample: { prompt: plainPrompt(plain), every: t.steps, maxNewTokens: 48, temperature: 0.8, seed: 1, atStart: true },
    };
    await run(params.current);
  }, [cancel, run]);

  const resume = useCallback(async () => {
    const p = params.current;
    if (!p) return;
    const { key: _key, train: _train, resume: _resume, ...rest } = p;
    // After a reload the worker holds nothing: go on from the kept bytes.
    const from = isRestored || !result.current ? { runState: runState.current! } : { runKey: SFT_RUN_KEY };
    if ('runState' in from && !from.runState) return;
    await run({ ...rest, train: {}, resume: from });
  }, [run, isRestored]);

  // After a reload: a fine-tuning run kept in IndexedDB comes back as it stood: paused (ready to resume from its
  // bytes), or finished with its model.
  useEffect(() => {
    if (!isLabReady || params.current) return;
    let isCurrent = true;
    void keptFinetune().then((kept) => {
      if (!kept || !isCurrent || params.current) return;
      params.current = kept.params as NonNullable<typeof params.current>;
      curves.current = kept.curves as FinetuneCurves;
      runState.current = kept.runState;
      modelBytes.current = kept.model ?? null;
      baseRef.current = kept.baseKey;
      setBaseKey(kept.baseKey);
      setRestored(true);
      setPhase(kept.phase ?? 'paused');
    }).catch(() => {});
    return () => {
      isCurrent = false;
    };
  }, [isLabReady]);

  const save = useCallback(async (label: string) => {
    const bytes = modelBytes.current;
    if (!bytes || !baseKey) throw new Error('There is no fine-tuned model yet: pause or finish a run first.');
    const c = curves.current;
    const entry = await addCheckpoint(bytes, label, 'sft', {
      parent: baseKey, lossHistory: c.evals.map((e) => ({ iter: e.iter, loss: e.train, valLoss: e.val })),
    });
    await saveRun({
      kind: 'sft',
      config: {
        task: 'who speaks next', ...finetuneRecipe.train, examples: params.current?.examples?.length ?? 0,
        steps: params.current?.train?.maxIters ?? finetuneRecipe.train.steps, maxLr: params.current?.train?.schedule?.maxLr ?? finetuneRecipe.train.maxLr,
      },
      history: {
        evalIter: c.evals.map((e) => e.iter), taskTrainLoss: c.evals.map((e) => e.train), taskValLoss: c.evals.map((e) => e.val),
        probeIter: c.probes.map((p) => p.iter), exactMatch: c.probes.map((p) => p.exactMatch), textLoss: c.probes.map((p) => p.textLoss ?? NaN).filter(Number.isFinite),
      },
      checkpointKey: entry.key,
    });
    await setActiveCheckpoint(entry.key);
    return entry.key;
  }, [baseKey]);

  const latest = stream.progress?.stage === 'training' ? stream.progress : null;
  return {
    phase, curves: curves.current, latest, baseKey, begin, isRestored, hasModel: modelBytes.current !== null, samplePrompt: params.current?.sample?.prompt ?? null, pause: cancel, resume, save,
    message: message ?? (stream.status === 'error' ? stream.error : null),
  };
}

/** A prompt from the plain text itself (a speaker's name, as the text writes them), so any tokenizer can read it. */
export function plainPrompt(plain: string): string {
  return /\n([A-Z][A-Z ]+:\n)/.exec(plain)?.[1] ?? ([...plain.trimStart()].slice(0, 12).join('') || plain.slice(0, 1));
}
