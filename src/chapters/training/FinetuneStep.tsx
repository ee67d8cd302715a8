// Step 3: fine-tune the current model on a narrow supervised task ("who speaks next?"), graded on the answer only.
// The mask is shown on an example; while it trains, the task loss, exact match on held-out prompts and the loss on
// plain Shakespeare are drawn together, so the gain and the forgetting are seen at once; then base and fine-tuned
// answers side by side, and the model saved as `sft` for the RLHF chapter.
import { useDeferredValue, useEffect, useState } from 'react';
import { Term } from '../../components/Term';
import { selectCurrentModel } from '../../state/lab/labQueries';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { FigureFrame } from '../../viz/FigureFrame';
import { LineChart } from '../../viz/LineChart';
import { trainingPlan } from './estimate';
import { finetuneRecipe } from './presets';
import { SaveModel } from './SaveModel';
import { ratingsAsExamples } from './rlhfExamples';
import { loadSftTask, type SftTask } from './sftTask';
import { useFinetuneRun, type ProbePoint } from './useFinetuneRun';

const forgetOptions = [
  { id: 'same', label: 'Yes, as well as before' },
  { id: 'worse', label: 'Yes, but a little worse' },
  { id: 'no', label: 'No, it will only answer with names' },
];

export function FinetuneStep() {
  const current = useStore(selectCurrentModel);
  const [task, setTask] = useState<SftTask | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [maxLr, setMaxLr] = useState(finetuneRecipe.train.maxLr);
  const [steps, setSteps] = useState(finetuneRecipe.train.steps);
  const [schedule, setSchedule] = useState<'cosine' | 'constant'>('cosine');
  const ratings = useStore((s) => s.ratings);
  const rlhfExamples = ratingsAsExamples(ratings);
  const [useRatings, setUseRatings] = useState(false);
  const isStepsOk = Number.isInteger(steps) && steps >= 1 && steps <= 10_000;
  const [forgetGuess, setForgetGuess] = useState<string | null>(null);
  const run = useFinetuneRun();
  useEffect(() => {
    loadSftTask().then(setTask, (error: Error) => setLoadError(error.message));
  }, []);
  const example = task?.train[0] ?? null;
  // The mask figure is built in a background render (it often lands while a pre-training run trains): see ObjectiveStep.
  const promptQuery = useEngineQuery('tokenize', current && example ? { text: example.prompt, tokenizer: 'model', key: current.key } : null);
  const responseQuery = useEngineQuery('tokenize', current && example ? { text: example.response, tokenizer: 'model', key: current.key } : null);
  const promptTokens = useDeferredValue(promptQuery.result);
  const responseTokens = useDeferredValue(responseQuery.result);
  const isBusy = run.phase === 'training';
  const plan = current ? trainingPlan(current.summary.config, current.label, finetuneRecipe.train.batchSize, Math.min(current.summary.config.blockSize, finetuneRecipe.blockSize)) : null;
  const tooBig = plan?.refusal ?? null;
  const { curves } = run;
  const before = curves.probes[0] ?? null;
  const after = curves.probes.length > 1 ? curves.probes.at(-1)! : null;
  const start = () => {
    if (task && current) void run.begin(task, current.key, { maxLr, steps, schedule, extraExamples: useRatings ? rlhfExamples : [], ...(plan?.trainLastBlocks ? { trainLastBlocks: plan.trainLastBlocks } : {}) });
  };

  return (
    <>
      <p>
        Pre-training taught the model the text; it did not teach it to do anything. <Term concept="loss">Fine-tuning</Term>{' '}
        trains the same weights further on a narrow set of examples, each a prompt and the answer wanted. The loss is
        counted on the answer’s tokens only: the model is not asked to write prompts, only to answer them.
      </p>
      {loadError && <p className="notice notice-error" role="alert">{loadError}</p>}
      {task && (
        <p data-testid="sft-task">
          The task: <strong>who speaks next?</strong> Three turns of a two-person exchange from the plays, each cut to its
          first three words, and the name of the next speaker. {task.train.length.toLocaleString('en')} training
          examples and {task.test.length} held-out prompts, generated from Tiny Shakespeare by{' '}
          <code>{task.command}</code> ({task.recipe}). In the plays {(task.alternatingShare * 100).toFixed(0)} % of such
          exchanges go on with the one who spoke before last; the task keeps only those, so the answer can be read from
          the prompt — if the model learns to. Naming the commonest speaker, {task.majorityAnswer}, every time would score{' '}
          {(task.majorityRate * 100).toFixed(0)} %.
        </p>
      )}
      {example && promptTokens && responseTokens && (
        <FigureFrame
          title="One training example, and what is graded"
          source={{ kind: 'live' }}
          caption={`Tokens of “${current?.label}”. Greyed: the prompt, read but not graded (target −1). Marked: the answer, whose tokens carry the loss.`}
          table={() => ({
            columns: ['token', 'part', 'graded'],
            rows: [
              ...Array.from(promptTokens!.ids, (id) => [promptTokens!.labels[id], 'prompt', 'no']),
              ...Array.from(responseTokens!.ids, (id) => [responseTokens!.labels[id], 'answer', 'yes']),
            ],
          })}
        >
          <p className="train-mask" data-testid="sft-mask">
            {Array.from(promptTokens.ids, (id, i) => <span key={`p${i}`} className="train-mask-prompt">{promptTokens!.labels[id]}</span>)}
            {Array.from(responseTokens.ids, (id, i) => <mark key={`r${i}`} className="train-mask-answer">{responseTokens!.labels[id]}</mark>)}
          </p>
        </FigureFrame>
      )}
      <div className="train-predict">
        <p>Predict first: after fine-tuning on names, will the model still write Shakespeare?</p>
        <div className="button-row" role="group" aria-label="Your guess: will it still write Shakespeare?">
          {forgetOptions.map((o) => (
            <button key={o.id} type="button" aria-pressed={forgetGuess === o.id} onClick={() => setForgetGuess(o.id)}>{o.label}</button>
          ))}
        </div>
      </div>
      <div className="train-setup">
        <label className="train-field" htmlFor="train-sft-lr">
          <span>Peak learning rate</span>
          <input id="train-sft-lr" type="number" min={1e-6} max={1} step="any" value={maxLr} disabled={isBusy} onChange={(e) => setMaxLr(Number(e.currentTarget.value))} />
        </label>
        <label className="train-field" htmlFor="train-sft-steps">
          <span>Fine-tuning steps</span>
          <input id="train-sft-steps" type="number" min={1} max={10_000} step={1} value={steps} disabled={isBusy} onChange={(e) => setSteps(Number(e.currentTarget.value))} />
        </label>
        <label className="train-field" htmlFor="train-sft-schedule">
          <span>Learning-rate schedule</span>
          <select id="train-sft-schedule" value={schedule} disabled={isBusy} onChange={(e) => setSchedule(e.currentTarget.value as 'cosine' | 'constant')}>
            <option value="cosine">warm up, then cosine decay to a tenth</option>
            <option value="constant">constant (the peak rate throughout)</option>
          </select>
        </label>
        {!isStepsOk && <p className="notice notice-error" role="alert">Steps must be a whole number from 1 to 10,000.</p>}
        <label className="train-keep-best">
          <input type="checkbox" checked={useRatings} disabled={isBusy || rlhfExamples.length === 0} onChange={(e) => setUseRatings(e.currentTarget.checked)} />{' '}
          Add my RLHF choices as fine-tuning examples ({rlhfExamples.length === 0
            ? 'none yet: rate pairs in the RLHF chapter, and the continuation you chose, or wrote, becomes an example'
            : `${rlhfExamples.length}: for each rated prompt, the continuation you chose or wrote`})
        </label>
        <p className="knob-help">
          {steps} steps of {finetuneRecipe.train.batchSize} examples; the model fine-tuned is the current one,
          “{current?.label ?? '…'}”. Held-out answers are scored every {finetuneRecipe.train.evalInterval} steps.
        </p>
      </div>
      <div className="button-row" role="group" aria-label="Fine-tuning controls">
        <button type="button" onClick={start} disabled={isBusy || !task || !current || !(maxLr > 0) || !isStepsOk || tooBig !== null}>{run.phase === 'idle' ? 'Start fine-tuning' : 'Start again'}</button>
        <button type="button" onClick={run.pause} disabled={!isBusy}>Pause fine-tuning</button>
        <button type="button" onClick={() => void run.resume()} disabled={run.phase !== 'paused'}>Resume fine-tuning</button>
      </div>
      {tooBig && <p className="notice notice-error" role="alert" data-testid="too-big-to-train">{tooBig}</p>}
      {plan?.note && <p className="notice" data-testid="trains-top-blocks">{plan.note}</p>}
      {run.message && <p className="notice notice-error" role="alert">{run.message}</p>}
      {run.phase !== 'idle' && (
        <p role="status" data-testid="sft-status">
          {run.phase === 'training' ? `Fine-tuning: step ${run.latest?.iter ?? 0} of ${run.latest?.maxIters ?? steps}${curves.probes.length === 0 ? ' (scoring the held-out prompts before the first step…)' : ''}.`
            : run.phase === 'paused' ? `Paused at step ${curves.steps.at(-1)?.iter ?? 0}.`
              : run.phase === 'finished' ? 'Finished.' : 'Stopped.'}
        </p>
      )}
      {curves.evals.length > 0 && (
        <LineChart
          title="Task loss and plain-text loss"
          source={{ kind: 'live' }}
          caption="Task loss: on the answers only (training examples, and held-out examples). Plain text: the loss on the end of Tiny Shakespeare, which the model no longer trains on — if it rises, the model is forgetting."
          series={[
            { id: 'task-train', label: 'task loss (training examples)', concept: 'loss', points: curves.evals.map((e) => ({ x: e.iter, y: e.train })) },
            { id: 'task-val', label: 'task loss (held-out examples)', concept: 'probability', points: curves.evals.map((e) => ({ x: e.iter, y: e.val })) },
            { id: 'text', label: 'plain-text loss (Shakespeare)', concept: 'token', dashed: true, points: curves.probes.flatMap((p) => (p.textLoss === null ? [] : [{ x: p.iter, y: p.textLoss }])) },
          ]}
          xLabel="step"
          yLabel="loss (nats/token)"
          minXDomain={[0, run.latest?.maxIters ?? steps]}
          height={220}
        />
      )}
      {curves.probes.length > 0 && task && (
        <LineChart
          title="Exact match on held-out prompts"
          source={{ kind: 'live' }}
          caption={`Share of the ${curves.probes[0].answers.length} held-out prompts whose greedy answer is exactly the next speaker. The line marks always naming the commonest speaker, ${task.majorityAnswer}.`}
          series={[{ id: 'exact', label: 'exact match (%)', concept: 'reward', points: curves.probes.map((p) => ({ x: p.iter, y: p.exactMatch * 100 })) }]}
          references={[{ y: task.majorityRate * 100, label: `always “${task.majorityAnswer}”: ${(task.majorityRate * 100).toFixed(0)} %` }]}
          xLabel="step"
          yLabel="exact match (%)"
          minXDomain={[0, run.latest?.maxIters ?? steps]}
          height={200}
        />
      )}
      {before && task && <BeforeAfter task={task} before={before} after={after} />}
      {run.phase === 'finished' && forgetGuess && before?.textLoss != null && after?.textLoss != null && (
        <p data-testid="forget-reveal" role="status">
          You guessed “{forgetOptions.find((o) => o.id === forgetGuess)?.label}”. Its loss on plain Shakespeare went from{' '}
          {before.textLoss.toFixed(2)} to {after.textLoss.toFixed(2)} nats per token
          {after.textLoss > before.textLoss + 0.05 ? ': it still writes, but worse — fine-tuning on a narrow task costs some of what pre-training taught (“forgetting”). A lower learning rate forgets less and learns the task more slowly.' : ': hardly changed.'}
          {curves.samples.length > 1
            ? ` After “${run.samplePrompt?.trim()}” it wrote, before: “${shown(curves.samples[0].text)}”; after: “${shown(curves.samples.at(-1)!.text)}”.`
            : ''}
        </p>
      )}
      <SaveModel kind="sft" canSave={run.hasModel && (run.phase === 'paused' || run.phase === 'finished' || run.phase === 'diverged')} defaultLabel="Fine-tuned: who speaks next?" save={run.save} />
      {run.isRestored && (
        <p className="notice" role="status" data-testid="sft-restored">
          Your fine-tuning run from before the reload was kept at step {curves.steps.at(-1)?.iter ?? 0}
          {run.phase === 'paused' ? ': resume it to go on (and to save it).' : run.hasModel ? ', with its model: save it, or start again.' : '.'}
        </p>
      )}
    </>
  );
}

const shown = (text: string) => text.replace(/\n/g, '↵ ');

function BeforeAfter({ task, before, after }: { task: SftTask; before: ProbePoint; after: ProbePoint | null }) {
  const rows = before.answers.map((answer, i) => ({ prompt: task.test[i].prompt, expected: task.test[i].response.trim(), before: answer.trim(), after: after?.answers[i]?.trim() ?? '' }));
  const pct = (p: ProbePoint | null) => (p ? `${(p.exactMatch * 100).toFixed(0)} %` : '—');
  return (
    <FigureFrame
      title="Before and after, on held-out prompts"
      source={{ kind: 'live' }}
      caption={`Exact match: before ${pct(before)} (step ${before.iter}), after ${pct(after)}${after ? ` (step ${after.iter})` : ''}.`}
      table={() => ({ columns: ['prompt', 'expected', 'before', 'after'], rows: rows.map((r) => [r.prompt, r.expected, r.before, r.after]) })}
    >
      <div className="train-table-scroll">
        <table className="train-before-after" data-testid="before-after">
          <thead>
            <tr><th scope="col">Prompt</th><th scope="col">Expected</th><th scope="col">Before</th><th scope="col">After</th></tr>
          </thead>
          <tbody>
            {rows.slice(0, 8).map((r, i) => (
              <tr key={i}>
                <td><pre>{r.prompt}</pre></td>
                <td>{r.expected}</td>
                <td>{r.before || <em>(nothing before a new line)</em>} {r.before === r.expected ? '✓' : '✗'}</td>
                <td>{after ? <>{r.after || <em>(nothing)</em>} {r.after === r.expected ? '✓' : '✗'}</> : '…'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </FigureFrame>
  );
}
