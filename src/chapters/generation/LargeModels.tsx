// The same arithmetic for GPT-2, GPT-3 and a GPT-4o-class model, then energy per token and per answer under
// stated assumptions, beside the published per-prompt figures and everyday energies. Estimates say so.
import { useId, useState } from 'react';
import type { GPTConfig } from '../../engine/model/gptConfig';
import { FigureFrame } from '../../viz/FigureFrame';
import {
  answerMacs, datacentre, everyday, formatBig, formatEnergy, joulesPerMac, largeModelMacsPerToken, largeModels,
  publishedPerPrompt, whPerJoule,
} from './costModel';

const promptTokens = 100;
/** Assumed power of a laptop's processor while the browser generates (an estimate; desktops draw more). */
const laptopWatts = 15;

interface Props {
  ours: { label: string; config: GPTConfig; parameters: number };
  /** Measured on this backend, or null before a run. */
  tokensPerSecond: number | null;
}

export function LargeModels({ ours, tokensPerSecond }: Props) {
  const inputId = useId();
  const [answer, setAnswer] = useState(500);
  const perMac = joulesPerMac(datacentre);
  const rows = largeModels.map((m) => {
    const macs = m.config ? answerMacs(m.config, promptTokens, answer) : (promptTokens + answer) * largeModelMacsPerToken(m, 0);
    const perToken = largeModelMacsPerToken(m, promptTokens + answer);
    return { m, perToken, macs, joules: macs * perMac };
  });
  const ourMacs = answerMacs(ours.config, Math.min(promptTokens, ours.config.blockSize), answer);
  const ourJoules = tokensPerSecond ? (laptopWatts / tokensPerSecond) * answer : null;
  const gpt4o = rows[rows.length - 1];

  return (
    <>
      <div className="knob knob-number">
        <label htmlFor={inputId}>Answer length (tokens)</label>
        <input
          id={inputId}
          type="number"
          min={1}
          max={4000}
          value={answer}
          onChange={(e) => {
            const n = Math.round(Number(e.target.value));
            if (Number.isFinite(n)) setAnswer(Math.min(4000, Math.max(1, n)));
          }}
        />
        <span className="knob-help">After a {promptTokens}-token prompt. A chat answer is often a few hundred tokens.</span>
      </div>
      <FigureFrame
        title={`Multiply-adds and energy for a ${answer}-token answer`}
        source={{
          kind: 'estimate',
          assumptions: `Data centre: NVIDIA H100 (989 TFLOP/s dense BF16, 700 W), ${datacentre.utilisation * 100}% of peak while decoding, ×${datacentre.overhead} for the rest of the server and cooling. Your computer: ${laptopWatts} W while generating.`,
        }}
        caption="Parameter counts of GPT-2 and GPT-3 are published; GPT-4o's are not, so its row is an estimate. Energy = multiply-adds × 2 FLOPs ÷ (peak × utilisation) × power × overhead."
        table={() => ({
          columns: ['model', 'parameters', 'published or estimate', 'source', 'multiply-adds per token', 'multiply-adds per answer', 'joules per token', 'Wh per answer'],
          rows: [
            [ours.label, ours.parameters, 'published (your lab)', 'your model', ourMacs / answer, ourMacs, ourJoules === null ? null : ourJoules / answer, ourJoules === null ? null : ourJoules * whPerJoule],
            ...rows.map((r) => [r.m.name, r.m.parameters, r.m.isEstimate ? 'estimate' : 'published', r.m.source, r.perToken, r.macs, r.joules / (promptTokens + answer), r.joules * whPerJoule]),
          ],
        })}
      >
        <div className="cost-table-scroll">
          <table className="cost-models" data-testid="large-models">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Parameters</th>
                <th scope="col">Multiply-adds per token</th>
                <th scope="col">Per answer</th>
                <th scope="col">Energy per token</th>
                <th scope="col">Energy per answer</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{ours.label} (yours, in this browser)</th>
                <td>{formatBig(ours.parameters)}</td>
                <td>{formatBig(ourMacs / answer)}</td>
                <td>{formatBig(ourMacs)}</td>
                <td>{ourJoules === null ? '—' : formatEnergy(ourJoules / answer)}</td>
                <td>{ourJoules === null ? 'run it above to measure' : `${formatEnergy(ourJoules)} (at ${laptopWatts} W and your measured speed)`}</td>
              </tr>
              {rows.map((r) => (
                <tr key={r.m.name}>
                  <th scope="row">
                    {r.m.name} {r.m.isEstimate && <span className="cost-estimate">estimate</span>}
                  </th>
                  <td>{r.m.isEstimate ? `~${formatBig(r.m.parameters)} (${formatBig(r.m.activeParameters ?? 0)} active)` : formatBig(r.m.parameters)}</td>
                  <td>{formatBig(r.perToken)}</td>
                  <td>{formatBig(r.macs)}</td>
                  <td>{formatEnergy(r.joules / (promptTokens + answer))}</td>
                  <td>{formatEnergy(r.joules)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="cost-sources" aria-label="Where the parameter counts come from">
          {largeModels.map((m) => (
            <li key={m.name}>
              <strong>{m.name}</strong>: {m.source}.
            </li>
          ))}
        </ul>
      </FigureFrame>
      <p data-testid="energy-comparison">
        Our estimate for a GPT-4o-class answer of {answer} tokens: <strong>{formatEnergy(gpt4o.joules)}</strong>. Published per prompt:{' '}
        {publishedPerPrompt.map((p, i) => (
          <span key={p.who}>
            {i > 0 && '; '}
            {p.who}: <strong>{p.wh} Wh</strong>
          </span>
        ))}
        . Some web calculators claim about 160 Wh per query — hundreds of times the published figures.
      </p>
      <ul>
        {everyday.map((e) => {
          const ratio = e.wh / (gpt4o.joules * whPerJoule);
          return (
            <li key={e.what}>
              {e.what}: {e.wh.toPrecision(2)} Wh, the energy of about {ratio >= 10 ? Math.round(ratio).toLocaleString('en') : ratio.toPrecision(2)} such answers
            </li>
          );
        })}
      </ul>
    </>
  );
}
