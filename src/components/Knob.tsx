// One reader control, drawn from its entry in the knob table. A teacher's link can hide it or lock it; a locked
// control stays visible, disabled, and says why.
import { useId } from 'react';
import { setKnobFromControl } from '../state/actions';
import { useStore } from '../state/store';
import { knobTable, type KnobId } from '../state/urlHash';
import type { KnobSpec } from '../state/knobs';

export function Knob({ id }: { id: KnobId }) {
  const spec = knobTable[id] as KnobSpec;
  const value = useStore((s): string | number | boolean => s.knobs[id]);
  const isHidden = useStore((s) => s.hidden.includes(id));
  const isLocked = useStore((s) => s.locked.includes(id));
  const inputId = useId();
  const helpId = `${inputId}-help`;
  if (isHidden) return null;

  const describedBy = spec.help || isLocked ? helpId : undefined;
  const help = (spec.help || isLocked) && (
    <span id={helpId} className="knob-help">
      {isLocked && <strong className="knob-locked">Locked by the link you followed. </strong>}
      {spec.help}
    </span>
  );

  switch (spec.kind) {
    case 'number':
      return (
        <div className="knob knob-number" data-knob={id}>
          <label htmlFor={inputId}>{spec.label}</label>
          <input
            id={inputId}
            type="range"
            min={spec.min}
            max={spec.max}
            step={spec.step}
            value={value as number}
            disabled={isLocked}
            aria-describedby={describedBy}
            onChange={(e) => setKnobFromControl(id, Number(e.currentTarget.value))}
          />
          <output htmlFor={inputId}>{value as number}</output>
          {help}
        </div>
      );
    case 'text':
      return (
        <div className="knob knob-text" data-knob={id}>
          <label htmlFor={inputId}>{spec.label}</label>
          <textarea
            id={inputId}
            rows={2}
            value={value as string}
            maxLength={spec.maxLength}
            disabled={isLocked}
            aria-describedby={describedBy}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setKnobFromControl(id, e.currentTarget.value)}
          />
          {help}
        </div>
      );
    case 'choice':
      return (
        <div className="knob knob-choice" data-knob={id}>
          <label htmlFor={inputId}>{spec.label}</label>
          <select
            id={inputId}
            value={value as string}
            disabled={isLocked}
            aria-describedby={describedBy}
            onChange={(e) => setKnobFromControl(id, e.currentTarget.value)}
          >
            {spec.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {help}
        </div>
      );
    case 'toggle':
      return (
        <div className="knob knob-toggle" data-knob={id}>
          <input
            id={inputId}
            type="checkbox"
            checked={value as boolean}
            disabled={isLocked}
            aria-describedby={describedBy}
            onChange={(e) => setKnobFromControl(id, e.currentTarget.checked)}
          />
          <label htmlFor={inputId}>{spec.label}</label>
          {help}
        </div>
      );
  }
}
