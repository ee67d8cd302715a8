// The settings of a pre-training run, filled from the chosen recipe and editable before the start: model size
// (layers, heads, width, context), batch, learning rate and its schedule, steps. Each field says what is wrong
// with it rather than silently clamping.
import { useId } from 'react';
import type { ModelShape, TrainSettings } from './presets';

export interface Draft {
  shape: ModelShape;
  train: TrainSettings;
}

interface Field {
  key: string;
  label: string;
  min: number;
  max: number;
  step: number | 'any';
  get: (d: Draft) => number;
  set: (d: Draft, v: number) => Draft;
}

const shapeField = (key: keyof ModelShape, label: string, min: number, max: number): Field => ({
  key, label, min, max, step: 1, get: (d) => d.shape[key], set: (d, v) => ({ ...d, shape: { ...d.shape, [key]: v } }),
});
const trainField = (key: 'steps' | 'batchSize' | 'maxLr' | 'warmupIters', label: string, min: number, max: number, step: number | 'any' = 1): Field => ({
  key, label, min, max, step, get: (d) => d.train[key],
  // The cosine schedule decays to a tenth of the peak, whatever the peak.
  set: (d, v) => ({ ...d, train: { ...d.train, [key]: v, ...(key === 'maxLr' ? { minLr: v / 10 } : {}) } }),
});

const fields: Field[] = [
  shapeField('nLayer', 'Layers', 1, 8),
  shapeField('nHead', 'Heads per layer', 1, 16),
  shapeField('nEmbd', 'Width (channels)', 8, 512),
  shapeField('blockSize', 'Context (tokens)', 8, 256),
  trainField('batchSize', 'Batch (windows per step)', 1, 128),
  trainField('maxLr', 'Peak learning rate', 1e-6, 10, 'any'),
  trainField('warmupIters', 'Warm-up steps', 0, 10_000),
  trainField('steps', 'Steps', 1, 50_000),
];

/** What is wrong with the settings, in words (empty when they can run). */
export function draftProblems(d: Draft): string[] {
  const problems = fields.flatMap((f) => {
    const v = f.get(d);
    if (!Number.isFinite(v)) return [`${f.label} needs a number.`];
    if (v < f.min || v > f.max) return [`${f.label} must be between ${f.min} and ${f.max}.`];
    if (f.step === 1 && !Number.isInteger(v)) return [`${f.label} must be a whole number.`];
    return [];
  });
  if (d.shape.nEmbd % d.shape.nHead !== 0) problems.push(`The width (${d.shape.nEmbd}) must divide evenly among the ${d.shape.nHead} heads.`);
  return problems;
}

export function RunSettings({ draft, onChange, isDisabled, isShapeFixed }: { draft: Draft; onChange: (d: Draft) => void; isDisabled: boolean; isShapeFixed: boolean }) {
  const id = useId();
  return (
    <fieldset className="train-settings" disabled={isDisabled}>
      <legend>Settings</legend>
      {fields.map((f) => {
        const isShape = ['nLayer', 'nHead', 'nEmbd', 'blockSize'].includes(f.key);
        return (
          <label key={f.key} htmlFor={`${id}-${f.key}`} className="train-field">
            <span>{f.label}</span>
            <input
              id={`${id}-${f.key}`}
              type="number"
              inputMode="decimal"
              min={f.min}
              max={f.max}
              step={f.step}
              value={Number.isFinite(f.get(draft)) ? f.get(draft) : ''}
              disabled={isShape && isShapeFixed}
              onChange={(e) => onChange(f.set(draft, e.currentTarget.value === '' ? NaN : Number(e.currentTarget.value)))}
            />
          </label>
        );
      })}
      <label htmlFor={`${id}-schedule`} className="train-field">
        <span>Schedule</span>
        <select
          id={`${id}-schedule`}
          value={draft.train.schedule}
          onChange={(e) => onChange({ ...draft, train: { ...draft.train, schedule: e.currentTarget.value as TrainSettings['schedule'], minLr: draft.train.maxLr / 10 } })}
        >
          <option value="cosine">warm up, then cosine decay to a tenth</option>
          <option value="constant">warm up, then constant</option>
        </select>
      </label>
    </fieldset>
  );
}
