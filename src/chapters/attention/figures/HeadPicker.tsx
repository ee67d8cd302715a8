// Layer and head as two menus sized to the model (the URL knobs allow up to 64, for any model), so the reader only
// ever sees choices that exist. Each writes its knob, so the link keeps the choice.
import { useId } from 'react';

interface HeadPickerProps {
  nLayer: number;
  nHead: number;
  layer: number;
  head: number;
  onChoose: (layer: number, head: number) => void;
}

export function HeadPicker({ nLayer, nHead, layer, head, onChoose }: HeadPickerProps) {
  return (
    <div className="button-row att-head-picker">
      <CountMenu label="Layer" count={nLayer} value={layer} onChange={(l) => onChoose(l, head)} />
      <CountMenu label="Head" count={nHead} value={head} onChange={(h) => onChoose(layer, h)} />
    </div>
  );
}

/** A menu of 1 … count (values 0 … count − 1). */
function CountMenu({ label, count, value, onChange }: { label: string; count: number; value: number; onChange: (value: number) => void }) {
  const id = useId();
  return (
    <span className="knob knob-choice">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {Array.from({ length: count }, (_, i) => (
          <option key={i} value={i}>
            {i + 1} of {count}
          </option>
        ))}
      </select>
    </span>
  );
}
