// The merge player: play, pause, step and speed over the merges the worker has made so far; the current merge (the
// pair, how often it occurred, the new token), the sample passage re-cut with it (its new tokens marked), and the
// merges before it.
import { useMemo } from 'react';
import { FigureFrame } from '../../viz/FigureFrame';
import { TokenStrip } from '../../viz/TokenStrip';
import type { MergeRow } from './trainedTokenizer';
import { sampleAt, type RunLog } from './useBpeTraining';
import { speeds, type usePlayer, type Speed } from './usePlayer';

const recentShown = 8;

interface MergePlayerProps {
  log: RunLog;
  player: ReturnType<typeof usePlayer>;
  isTraining: boolean;
}

export function MergePlayer({ log, player, isTraining }: MergePlayerProps) {
  const { shown } = player;
  const current: MergeRow | undefined = log.merges[shown - 1];
  const sampleIds = sampleAt(log, shown);
  const tokens = useMemo(() => sampleIds.map((id) => ({ id, label: log.labels[id] ?? `#${id}` })), [sampleIds, log.labels]);
  const weights = useMemo(() => (current ? sampleIds.map((id) => (id === current.id ? 1 : 0)) : undefined), [sampleIds, current]);
  const recent = log.merges.slice(Math.max(0, shown - recentShown), shown).reverse();
  const label = (id: number) => log.labels[id] ?? `#${id}`;

  return (
    <FigureFrame
      title="Merges, one by one"
      source={{ kind: 'live' }}
      caption={`${shown} of ${log.merges.length} merges shown${isTraining ? ' (the worker is still training)' : ''}. The sample passage is cut by the merges so far; the newest token is marked.`}
      table={() => ({
        columns: ['rank', 'left', 'right', 'new token', 'id', 'count in training text', 'held-out tokens after'],
        rows: log.merges.slice(0, shown).map((m) => [m.rank, label(m.pair[0]), label(m.pair[1]), m.label, m.id, m.count, m.heldOutTokens]),
      })}
    >
      <div className="button-row tok-player" role="group" aria-label="Merge player">
        {player.isPlaying ? (
          <button type="button" onClick={player.pause}>Pause</button>
        ) : (
          <button type="button" onClick={player.play} disabled={shown >= log.merges.length && !isTraining}>Play</button>
        )}
        <button type="button" onClick={player.step} disabled={shown >= log.merges.length}>Step</button>
        <button type="button" onClick={player.showAll} disabled={shown >= log.merges.length}>Show all</button>
        <label>
          Speed{' '}
          <select value={String(player.speed)} onChange={(e) => player.setSpeed(Number(e.currentTarget.value) as Speed)}>
            {speeds.map((s) => (
              <option key={s} value={String(s)}>{s === Infinity ? 'as fast as trained' : `${s} a second`}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="tok-merge-now" aria-live="polite" data-testid="merge-now">
        {current ? (
          <>
            Merge {current.rank + 1}: <q className="token-quote">{label(current.pair[0])}</q> + <q className="token-quote">{label(current.pair[1])}</q> →{' '}
            <q className="token-quote">{current.label}</q> (id {current.id}), the most frequent pair: {current.count.toLocaleString('en')} times.
          </>
        ) : (
          'No merge yet: every byte is its own token.'
        )}
      </p>
      <TokenStrip tokens={tokens} label="Sample passage in your BPE's tokens" weights={weights} weightConcept="token" />
      <p className="tok-view-about">The sample: {tokens.length} tokens.</p>
      {recent.length > 1 && (
        <ol className="tok-recent" aria-label="Latest merges" reversed start={shown}>
          {recent.map((m) => (
            <li key={m.rank}>
              <q className="token-quote">{label(m.pair[0])}</q> + <q className="token-quote">{label(m.pair[1])}</q> → <q className="token-quote">{m.label}</q> ×{m.count.toLocaleString('en')}
            </li>
          ))}
        </ol>
      )}
    </FigureFrame>
  );
}
