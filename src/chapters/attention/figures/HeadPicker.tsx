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
  const id = useId();
  return (
    <div className="button-row att-head-picker">
      <span className="knob knob-choice">
        <label htmlFor={`${id}-layer`}>Layer</label>
        <select id={`${id}-layer`} value={layer} onChange={(e) => onChoose(Number(e.currentTarget.value), head)}>
          {Array.from({ length: nLayer }, (_, l) => (
            <option key={l} value={l}>
              {l + 1} of {nLayer}
            </option>
          ))}
        </select>
      </span>
      <span className="knob knob-choice">
        <label htmlFor={`${id}-head`}>Head</label>
        <select id={`${id}-head`} value={head} onChange={(e) => onChoose(layer, Number(e.currentTarget.value))}>
          {Array.from({ length: nHead }, (_, h) => (
            <option key={h} value={h}>
              {h + 1} of {nHead}
            </option>
          ))}
        </select>
      </span>
    </div>
  );
}
