// The heads as switches: one toggle button per head (pressed = on), and per layer one button that switches the
// whole layer's attention off or back on. Keyboard: Tab to a head, Space or Enter to toggle.
import { headName } from '../headSwitches';

interface SwitchboardProps {
  mask: readonly (readonly number[])[];
  onChange: (mask: number[][]) => void;
}

export function Switchboard({ mask, onChange }: SwitchboardProps) {
  const set = (layer: number, head: number | null, value: number) =>
    onChange(mask.map((row, l) => row.map((x, h) => (l === layer && (head === null || h === head) ? value : x))));
  return (
    <fieldset className="att-choices att-switchboard">
      <legend>Heads on (pressed) and off (struck through)</legend>
      {mask.map((row, layer) => {
        const allOff = row.every((x) => x === 0);
        return (
          <div key={layer} className="att-switchboard-row" role="group" aria-label={`Layer ${layer + 1}`}>
            <button type="button" onClick={() => set(layer, null, allOff ? 1 : 0)}>
              {allOff ? `Layer ${layer + 1}: all back on` : `Layer ${layer + 1}: all off`}
            </button>
            {row.map((x, head) => (
              <button key={head} type="button" aria-pressed={x !== 0} onClick={() => set(layer, head, x === 0 ? 1 : 0)}>
                {headName(layer, head)}
              </button>
            ))}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange(mask.map((row) => row.map(() => 1)))} disabled={mask.every((row) => row.every((x) => x === 1))}>
        Switch every head back on
      </button>
    </fieldset>
  );
}
