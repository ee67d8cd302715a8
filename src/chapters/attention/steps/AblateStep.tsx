// Step 4: switch heads or whole layers off. The next-token probabilities on the reader's text and the loss on a
// validation passage change live; then, after the reader guesses which head matters most, the engine's table of
// every head's importance (the loss increase when that head alone is off, from `evaluate`).
import { useEffect, useMemo, useState } from 'react';
import { Knob } from '../../../components/Knob';
import { ModelStatus } from '../../../components/ModelStatus';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import { useEngineStream } from '../../../state/useEngineStream';
import { Bars, formatPercent } from '../../../viz/Bars';
import { formatValue } from '../../../viz/figureData';
import type { HeadRole } from '../../../workers/handlers/attentionMaps';
import { roleLabels } from '../roleLabels';
import { Heatmap } from '../../../viz/Heatmap';
import { LossLine, signed } from '../figures/LossLine';
import { Switchboard } from '../figures/Switchboard';
import { countOff, headName } from '../headSwitches';
import { CutNotice, EngineError, Notes } from '../Notices';
import { useHeadSwitches, useModelShape, useValidationPassage } from '../useAttentionChoice';

export function AblateStep() {
  const text = useStore((s) => s.knobs.prompt);
  const key = useStore((s) => s.activeKey);
  const shape = useModelShape();
  const { mask, problems, set } = useHeadSwitches(shape);
  const passage = useValidationPassage();
  const off = mask ? countOff(mask) : 0;

  // With every head on, the ablated model is the full one: ask the engine once, not twice.
  const offMask = mask && off > 0 ? mask : null;
  const fullParams = useMemo(() => (shape ? { key, text, layer: 0, head: 0, topCount: 8 } : null), [key, text, shape]);
  const offParams = useMemo(() => (offMask ? { key, text, layer: 0, head: 0, topCount: 8, headMask: offMask } : null), [key, text, offMask]);
  const full = useEngineQuery('attentionHead', fullParams);
  const offQuery = useEngineQuery('attentionHead', offParams);
  const ablated = offMask ? offQuery : full;
  const passageText = passage.result?.text ?? null;
  const fullVal = useEngineQuery('evaluate', useMemo(() => (passageText ? { key, text: passageText } : null), [key, passageText]));
  const offValQuery = useEngineQuery('evaluate', useMemo(() => (passageText && offMask ? { key, text: passageText, ablation: { heads: offMask } } : null), [key, passageText, offMask]));
  const offVal = offMask ? offValQuery : fullVal;
  const V = shape?.vocabSize ?? 1;
  const fullTop = full.result?.top ?? [];

  return (
    <>
      <p>
        A head's contribution can be measured by removing it: its output is multiplied by 0, everything else stays.
        Switch heads off below and watch what the model predicts after your text, and how much worse it does on a
        passage of Shakespeare it never trained on.
      </p>
      <Knob id="prompt" />
      <ModelStatus />
      <EngineError error={full.error ?? ablated.error ?? passage.error ?? fullVal.error ?? offVal.error} />
      <Notes notes={problems.length ? [`Part of the link's head list was left out: ${problems.join('; ')}.`] : []} />
      {mask && (
        <>
          <Switchboard mask={mask} onChange={set} />
          <p role="status" data-testid="att-off-count">
            {off === 0 ? 'Every head is on.' : `${off} of ${mask.flat().length} heads off.`}
          </p>
        </>
      )}
      {full.result && (
        <div className="att-side-by-side" aria-busy={ablated.isComputing}>
          <Bars
            title="Next token, full model"
            source={{ kind: 'live' }}
            items={fullTop.map((t) => ({ id: t.id, label: t.label, value: t.probability }))}
            listLabel="Full model's likeliest next tokens"
            valueLabel="probability"
          />
          {ablated.result ? (
            <Bars
              title={off === 0 ? 'Next token, same heads (none off)' : `Next token, ${off} head${off > 1 ? 's' : ''} off`}
              source={{ kind: 'live' }}
              items={ablated.result.top.map((t) => ({ id: t.id, label: t.label, value: t.probability }))}
              listLabel="Likeliest next tokens with the heads off"
              valueLabel="probability"
              markedId={fullTop[0]?.id}
              markText="the full model's favourite"
            />
          ) : (
            <p role="status">Computing with the heads off…</p>
          )}
        </div>
      )}
      {full.result && <CutNotice cut={full.result.cut} kept={full.result.tokens.length} />}
      {full.result && ablated.result && (
        <LossLine what="Mean loss on your text" loss={ablated.result.loss} full={full.result.loss} vocabSize={V} testId="att-text-loss" />
      )}
      {fullVal.result && offVal.result && (
        <LossLine what={`Mean loss on the validation passage (${offVal.result.tokens.length} tokens)`} loss={offVal.result.meanLoss} full={fullVal.result.meanLoss} vocabSize={V} testId="att-val-loss" />
      )}
      {passageText && shape && <ImportanceGuess passage={passageText} nLayer={shape.nLayer} nHead={shape.nHead} />}
    </>
  );
}

/** Predict, then reveal: the reader names the head they think matters most, then the engine measures every head. */
function ImportanceGuess({ passage, nLayer, nHead }: { passage: string; nLayer: number; nHead: number }) {
  const key = useStore((s) => s.activeKey);
  const [guess, setGuess] = useState<{ layer: number; head: number } | null>(null);
  const table = useEngineStream('evaluate');
  const { start } = table;
  useEffect(() => {
    if (guess) void start({ key, text: passage, headTable: true });
  }, [guess, key, passage, start]);
  const heads = table.result?.heads ?? null;
  // The measured roles of the same passage (step 3), asked only once the table is revealed.
  const roles = useEngineQuery('attentionMaps', useMemo(() => (heads ? { key, text: passage } : null), [heads, key, passage])).result?.roles;
  const ranked = heads
    ? heads.increase.flatMap((row, layer) => row.map((increase, head) => ({ layer, head, increase }))).sort((a, b) => b.increase - a.increase)
    : [];
  const rankOf = (g: { layer: number; head: number }) => ranked.findIndex((r) => r.layer === g.layer && r.head === g.head) + 1;

  return (
    <section aria-label="Which head matters most">
      <h3>Which head matters most?</h3>
      {guess === null ? (
        <fieldset className="att-choices">
          <legend>Guess first: which single head, switched off alone, hurts the model most on the passage?</legend>
          <div className="button-row">
            {Array.from({ length: nLayer }, (_, layer) =>
              Array.from({ length: nHead }, (_, head) => (
                <button key={`${layer}.${head}`} type="button" onClick={() => setGuess({ layer, head })} aria-label={`Guess ${headName(layer, head)}`}>
                  {headName(layer, head)}
                </button>
              )),
            )}
          </div>
        </fieldset>
      ) : (
        <>
          {table.status === 'running' && (
            <p role="status">
              Switching off each of the {nLayer * nHead} heads in turn…{' '}
              {table.progress && <progress max={table.progress.windows} value={table.progress.windowsDone} aria-label="Head table progress" />}
            </p>
          )}
          <EngineError error={table.error} />
          {heads && ranked.length > 0 && (
            <>
              <p role="status" data-testid="att-importance-verdict">
                {rankOf(guess) === 1
                  ? `Right: ${headName(guess.layer, guess.head)} matters most; without it the loss rises by ${signed(ranked[0].increase)} nats.`
                  : `You guessed ${headName(guess.layer, guess.head)}: it ranks ${rankOf(guess)} of ${ranked.length} (${signed(heads.increase[guess.layer][guess.head])} nats). The one that matters most is ${headName(ranked[0].layer, ranked[0].head)}: ${signed(ranked[0].increase)} nats.`}{' '}
                With every head on the loss is {formatValue(heads.baseline)}.
              </p>
              {roles && <RoleNote role={roles.find((r) => r.layer === ranked[0].layer && r.head === ranked[0].head)} />}
              <Heatmap
                title="How much the loss rises without each head"
                source={{ kind: 'live' }}
                values={heads.increase.flat()}
                rows={nLayer}
                columns={nHead}
                rowLabels={Array.from({ length: nLayer }, (_, l) => `L${l + 1}`)}
                columnLabels={Array.from({ length: nHead }, (_, h) => `H${h + 1}`)}
                kind="diverging"
                concept="loss"
                valueLabel="loss increase (nats)"
                description="Loss increase on the validation passage when each head alone is switched off"
                rowTitle="layer"
                columnTitle="head"
                caption="Computed by the engine's evaluate with each head off in turn, all other heads on. A negative number means the model did slightly better without that head on this passage."
              />
              <ol aria-label="Heads from most to least important" className="att-ranking">
                {ranked.slice(0, 5).map((r) => (
                  <li key={`${r.layer}.${r.head}`}>
                    {headName(r.layer, r.head)}: {signed(r.increase)} nats
                  </li>
                ))}
              </ol>
              <button type="button" onClick={() => setGuess(null)}>
                Guess again
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** What the most important head does, from the roles measured on the same passage. */
function RoleNote({ role }: { role: HeadRole | undefined }) {
  if (!role) return null;
  const name = headName(role.layer, role.head);
  if (!role.label) return <p data-testid="att-importance-role">{name} has no single role that stands out on this passage (step 3 measures them).</p>;
  return (
    <p data-testid="att-importance-role">
      Step 3 measured {name} as a <strong>{roleLabels[role.label]}</strong> head: {formatPercent(role.share[role.label]!)} of its attention
      goes there, where even spreading would give {formatPercent(role.uniform[role.label]!)}.
    </p>
  );
}
