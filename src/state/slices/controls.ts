// Knob values and the teacher's hide/lock lists, all mirrored in the URL hash.
import { defaultKnobValues, type KnobId, type KnobValues } from '../urlHash';

export interface ControlsState {
  knobs: KnobValues;
  /** Knobs a teacher's link hides from this reader. */
  hidden: KnobId[];
  /** Knobs a teacher's link shows but does not let this reader change. */
  locked: KnobId[];
}

export function initialControls(): ControlsState {
  return { knobs: defaultKnobValues(), hidden: [], locked: [] };
}
