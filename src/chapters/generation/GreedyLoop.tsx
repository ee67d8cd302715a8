// Why greedy repeats itself, on the reader's model: the same prompt continued greedily and with the reader's
// temperature and seed, side by side, and the loop the greedy text falls into marked. Greedy is deterministic, so
// once a stretch of context comes back, the same "most likely" token follows it again — and again.
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { findLoop } from './temperature';

export const loopLength = 60;

export function GreedyLoop() {
  const text = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const temperature = useStore((s) => s.knobs.temperature);
  const key = useStore((s) => s.activeKey);
  const greedy = useEngineQuery('generate', useMemo(() => ({ key, text, temperature: 0, seed, maxNewTokens: loopLength, topCount: 1 }), [key, text, seed]));
  const sampledT = temperature > 0 ? temperature : 0.8;
  const sampled = useEngineQuery('generate', useMemo(() => ({ key, text, temperature: sampledT, seed, maxNewTokens: loopLength, topCount: 1 }), [key, text, seed, sampledT]));

  const g = greedy.result;
  const loop = g ? findLoop(g.ids) : null;
  // The same loop in characters, to mark it in the text (the token loop's text repeats with it).
  const charLoop = g ? findLoop([...g.text], 200) : null;
  const chars = g ? [...g.text] : [];

  return (
    <section aria-labelledby="greedy-loop-heading">
      <h3 id="greedy-loop-heading">Why greedy repeats itself</h3>
      {(greedy.error || sampled.error) && (
        <p className="notice notice-error" role="alert">
          {greedy.error ?? sampled.error}
        </p>
      )}
      {!g && !greedy.error && <p role="status">Generating {loopLength} tokens greedily…</p>}
      {g && (
        <div className="greedy-compare" aria-busy={greedy.isComputing || sampled.isComputing}>
          <div>
            <p className="greedy-label">Greedy (temperature 0), {loopLength} tokens:</p>
            <p className="generated-text" data-testid="greedy-text">
              {charLoop ? (
                <>
                  {chars.slice(0, charLoop.start).join('')}
                  <mark className="greedy-loop">{chars.slice(charLoop.start).join('')}</mark>
                </>
              ) : (
                g.text
              )}
            </p>
            <p role="status" data-testid="greedy-verdict">
              {loop
                ? `From token ${loop.start + 1} on, greedy repeats the same ${loop.period} token${loop.period === 1 ? '' : 's'} (${loop.repeats.toFixed(1)} times, marked): each time the same context comes back, the same likeliest token follows it.`
                : `No loop within ${loopLength} tokens on this prompt — greedy is still the same text every time. Try a shorter prompt, or another.`}
            </p>
          </div>
          {sampled.result && (
            <div>
              <p className="greedy-label">Sampled at temperature {sampledT}, seed {seed}:</p>
              <p className="generated-text" data-testid="sampled-text">
                {sampled.result.text}
              </p>
              <p>{findLoop(sampled.result.ids) ? 'This one loops too.' : 'A draw now and then picks a less likely token, which breaks the loop.'}</p>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
