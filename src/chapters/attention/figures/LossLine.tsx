// A mean loss beside its baselines, in words: the full model's and random guessing's (ln V), so a number is never
// alone.
import { formatValue } from '../../../viz/figureData';

/** A change in nats with its sign: +0.12, −0.03. */
export const signed = (x: number) => `${x >= 0 ? '+' : '−'}${formatValue(Math.abs(x))}`;

interface LossLineProps {
  what: string;
  loss: number | null;
  full: number | null;
  vocabSize: number;
  testId?: string;
}

export function LossLine({ what, loss, full, vocabSize, testId }: LossLineProps) {
  if (loss === null) return <p>{what}: needs at least two tokens.</p>;
  const change = full === null ? null : loss - full;
  return (
    <p data-testid={testId}>
      {what}: <strong>{formatValue(loss)} nats</strong>
      {change !== null && Math.abs(change) > 1e-9 && ` (${signed(change)} against the full model's ${formatValue(full)})`}
      {change !== null && Math.abs(change) <= 1e-9 && ' (the full model’s)'}
      ; guessing uniformly among the {vocabSize} tokens would give ln {vocabSize} = {formatValue(Math.log(vocabSize))}.
    </p>
  );
}
