// Rounds compared by their answers, not only their curves: the start model and every model the rounds kept
// answer the same prompts with the same seeds, so the columns differ only by model.
import { useState } from 'react';
import { engine } from '../../../state/engineConnection';
import type { LabCheckpoint } from '../../../state/slices/lab';
import { useStore } from '../../../state/store';
import { FigureFrame } from '../../../viz/FigureFrame';
import { CLASSROOM_PPO } from '../presets';
import { usePpoSetup } from '../usePpoSetup';

interface Answers {
  prompts: string[];
  models: { key: string; label: string }[];
  /** answers[prompt][model] */
  answers: string[][];
}

export function RoundSamples({ models }: { models: LabCheckpoint[] }) {
  const seed = useStore((s) => s.knobs.seed);
  const setup = usePpoSetup(CLASSROOM_PPO);
  const [result, setResult] = useState<Answers | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const sampleAll = async () => {
    setError(null);
    const prompts = setup.fixedPrompts;
    const answers: string[][] = prompts.map(() => []);
    try {
      for (const [m, model] of models.entries()) {
        setBusy(`Sampling model ${m + 1} of ${models.length}…`);
        for (const [i, text] of prompts.entries()) {
          // The same seed for every model on a prompt: what differs is the model.
          const r = await engine().call('generate', { key: model.key, text, temperature: 0.8, seed: seed * 100 + i, maxNewTokens: setup.maxNewTokens });
          answers[i].push(r.text);
        }
      }
      setResult({ prompts, models: models.map((c) => ({ key: c.key, label: c.label })), answers });
    } catch (error) {
      setError((error as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <button type="button" disabled={busy !== null || models.length < 2 || setup.maxNewTokens < 1} onClick={() => void sampleAll()}>
        Sample the start model and each round&apos;s model on the same prompts
      </button>
      {busy && <p role="status">{busy}</p>}
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {result && (
        <FigureFrame
          title="Each round's model on the same prompts and seeds"
          source={{ kind: 'live' }}
          table={() => ({ columns: ['prompt', ...result.models.map((m) => m.label)], rows: result.prompts.map((p, i) => [p, ...result.answers[i]]) })}
          caption="Temperature 0.8, one seed per prompt shared by every model, so each column differs only by the model that wrote it."
        >
          <div className="rl-table-wrap">
            <table className="rl-table" aria-label="Answers by round">
              <thead><tr><th>Prompt</th>{result.models.map((m) => <th key={m.key}>{m.label}</th>)}</tr></thead>
              <tbody>
                {result.prompts.map((p, i) => (
                  <tr key={i}><td className="rl-text">{p}</td>{result.answers[i].map((a, k) => <td key={k} className="rl-text">{a}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
        </FigureFrame>
      )}
    </>
  );
}
