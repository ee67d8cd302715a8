// Knob specifications: the typed shape of every reader-adjustable control, and how each one reads and writes
// itself as text in the URL hash. Chapters declare their knobs on their cards; knobTable.ts assembles the one table.

interface KnobBase {
  label: string;
  /** One sentence under the control saying what it changes. */
  help?: string;
}

export interface NumberKnob extends KnobBase {
  kind: 'number';
  min: number;
  max: number;
  step: number;
  default: number;
}

export interface TextKnob extends KnobBase {
  kind: 'text';
  maxLength: number;
  default: string;
}

export interface ChoiceKnob extends KnobBase {
  kind: 'choice';
  options: readonly { value: string; label: string }[];
  default: string;
}

export interface ToggleKnob extends KnobBase {
  kind: 'toggle';
  default: boolean;
}

export type KnobSpec = NumberKnob | TextKnob | ChoiceKnob | ToggleKnob;
export type KnobValueOf<S extends KnobSpec> = S['default'];

export function numberKnob(spec: Omit<NumberKnob, 'kind'>): NumberKnob {
  return { kind: 'number', ...spec };
}
export function textKnob(spec: Omit<TextKnob, 'kind'>): TextKnob {
  return { kind: 'text', ...spec };
}
export function choiceKnob(spec: Omit<ChoiceKnob, 'kind'>): ChoiceKnob {
  return { kind: 'choice', ...spec };
}
export function toggleKnob(spec: Omit<ToggleKnob, 'kind'>): ToggleKnob {
  return { kind: 'toggle', ...spec };
}

/** Brings any value into the knob's domain (clamped, snapped to its step, cut to length); undefined if unusable. */
export function normaliseKnobValue(spec: KnobSpec, value: unknown): string | number | boolean | undefined {
  switch (spec.kind) {
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) return undefined;
      const snapped = spec.min + Math.round((n - spec.min) / spec.step) * spec.step;
      const clamped = Math.min(spec.max, Math.max(spec.min, snapped));
      return Number(clamped.toFixed(decimalsOf(spec.step)));
    }
    case 'text':
      return typeof value === 'string' ? Array.from(value).slice(0, spec.maxLength).join('') : undefined;
    case 'choice':
      return spec.options.some((o) => o.value === value) ? (value as string) : undefined;
    case 'toggle':
      if (typeof value === 'boolean') return value;
      return value === '1' || value === 'true' ? true : value === '0' || value === 'false' ? false : undefined;
  }
}

export function formatKnobValue(spec: KnobSpec, value: string | number | boolean): string {
  if (spec.kind === 'toggle') return value ? '1' : '0';
  return String(value);
}

function decimalsOf(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
