// Compare checkpoints: the newest base, pretrained, SFT and RLHF models in the reader's lab (whichever exist) continue
// the same prompt with the same seed and decoding settings, side by side, each marked where it first parts from
// the first column. Same seed, same settings: any difference is the weights'.
import { useMemo } from 'react';
import { Knob } from '../../components/Knob';
import { Term } from '../../components/Term';
import { selectLatestOfKind } from '../../state/lab/labQueries';
import type { CheckpointKind } from '../../state/lab/records';
import type { LabCheckpoint } from '../../state/slices/lab';
import { useStore, type AppState } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { FigureFrame } from '../../viz/FigureFrame';
import { decodingOf } from './useBranch';

export const compareLength = 40;
const kinds: readonly CheckpointKind[] = ['base', 'pretrained', 'sft', 'rlhf'];
const kindNames: Record<CheckpointKind, string> = { base: 'Base', pretrained: 'Pretrained', sft: 'SFT (fine-tuned)', rlhf: 'RLHF' };

/** Index of the first character where b differs from a (the shorter length when one is a prefix of the other). */
export function firstDivergence(a: string, b: string): number | null {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return i;
  return x.length === y.length ? null : Math.min(x.length, y.length);
}

function useContinuation(checkpoint: LabCheckpoint | undefined) {
  const text = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const decoding = useStore((s) => JSON.stringify(decodingOf(s.knobs)));
  const key = checkpoint?.key;
  const params = useMemo(
    () => (key === undefined ? null : { key, text, seed, maxNewTokens: compareLength, topCount: 1, ...(JSON.parse(decoding) as ReturnType<typeof decodingOf>) }),
    [key, text, seed, decoding],
  );
  return useEngineQuery('generate', params);
}

export function CompareStep() {
  const checkpoints = useStore((s) => s.checkpoints);
  const latest = useMemo(() => kinds.map((k) => selectLatestOfKind({ checkpoints } as AppState, k)), [checkpoints]);
  // Four kinds, four queries, always in the same order (hooks); a missing kind asks nothing.
  const views = [useContinuation(latest[0]), useContinuation(latest[1]), useContinuation(latest[2]), useContinuation(latest[3])];
  const columns = kinds
    .map((kind, i) => ({ kind, checkpoint: latest[i], view: views[i] }))
    .filter((c): c is typeof c & { checkpoint: LabCheckpoint } => c.checkpoint !== undefined);
  const reference = columns[0]?.view.result?.text;
  const prompt = useStore((s) => s.knobs.prompt);

  return (
    <>
      <p>
        The same prompt, the same seed, the same <Term concept="probability">decoding</Term> settings — only the
        weights differ. Each checkpoint in your lab continues your prompt by {compareLength} tokens; the marker shows
        where each first parts from the {columns[0] ? kindNames[columns[0].kind].toLowerCase() : 'first'} model.
      </p>
      <Knob id="prompt" />
      <Knob id="seed" />
      {columns.length < 2 && (
        <p className="notice" role="status" data-testid="compare-hint">
          Your lab has only {columns.length === 1 ? `one model (${columns[0].checkpoint.label})` : 'no model yet'}. Train or
          fine-tune one (Training and RLHF chapters, or the model lab) and it appears here beside it.
        </p>
      )}
      <FigureFrame
        title="Checkpoints compared on your prompt"
        source={{ kind: 'live' }}
        caption={`Each column continues “${prompt}” with the same seed and settings; the first character that differs from the first column is marked ▸.`}
        table={() => ({
          columns: ['kind', 'checkpoint', 'continuation', 'first differs at character'],
          rows: columns.map((c) => [c.kind, c.checkpoint.label, c.view.result?.text ?? '', reference !== undefined && c.view.result ? firstDivergence(reference, c.view.result.text) : null]),
        })}
      >
        <div className="compare-columns">
          {columns.map((c, i) => {
            const out = c.view.result?.text;
            const at = i > 0 && out !== undefined && reference !== undefined ? firstDivergence(reference, out) : null;
            const chars = out === undefined ? [] : [...out];
            return (
              <section key={c.kind} className="compare-column" aria-label={`${kindNames[c.kind]}: ${c.checkpoint.label}`} aria-busy={c.view.isComputing}>
                <h3>
                  {kindNames[c.kind]} <span className="compare-label">{c.checkpoint.label}</span>
                </h3>
                {c.view.error && (
                  <p className="notice notice-error" role="alert">
                    {c.view.error}
                  </p>
                )}
                {out === undefined ? (
                  !c.view.error && <p role="status">Generating…</p>
                ) : (
                  <>
                    <p className="generated-text" data-testid={`compare-${c.kind}`}>
                      {at === null ? (
                        out
                      ) : (
                        <>
                          {chars.slice(0, at).join('')}
                          <mark className="compare-diverge" aria-label={`differs from here, character ${at + 1}`}>▸</mark>
                          <span className="compare-after">{chars.slice(at).join('')}</span>
                        </>
                      )}
                    </p>
                    {i > 0 && (
                      <p data-testid={`divergence-${c.kind}`}>
                        {at === null ? 'The same text as the first column.' : at === 0 ? 'Differs from the very first character.' : `The same for ${at} characters, then it differs.`}
                      </p>
                    )}
                  </>
                )}
              </section>
            );
          })}
        </div>
      </FigureFrame>
    </>
  );
}
