// Predict, then reveal: before the run, the reader guesses where the validation loss will be at the end; when it
// finishes, the guess is set beside the answer and the random-guess line.
import { useId } from 'react';

interface PredictLossProps {
  guess: number | null;
  onGuess: (value: number | null) => void;
  vocabSize: number;
  steps: number;
  /** The final validation loss, once the run has finished. */
  actual: number | null;
}

export function PredictLoss({ guess, onGuess, vocabSize, steps, actual }: PredictLossProps) {
  const id = useId();
  const lnV = Math.log(vocabSize);
  return (
    <div className="train-predict">
      <label htmlFor={id}>
        Predict first: a fresh model starts near ln V = {lnV.toFixed(2)} nats. Where will the validation loss be after {steps} steps?
      </label>
      <input
        id={id}
        type="number"
        min={0}
        max={20}
        step={0.1}
        value={guess ?? ''}
        placeholder={`e.g. ${(lnV * 0.7).toFixed(1)}`}
        onChange={(e) => onGuess(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
      />
      {actual !== null && (
        <p data-testid="loss-reveal" role="status">
          It ended at {actual.toFixed(2)} nats{guess !== null ? `; you guessed ${guess.toFixed(2)} (${Math.abs(guess - actual) < 0.25 ? 'close' : guess > actual ? 'it learned more than you expected' : 'it learned less than you expected'})` : ''}.
          That is {(lnV - actual).toFixed(2)} below the random-guess line: each token is now e^{(lnV - actual).toFixed(1)} ≈ {Math.exp(lnV - actual).toFixed(0)}× likelier than a blind guess would make it.
        </p>
      )}
    </div>
  );
}
