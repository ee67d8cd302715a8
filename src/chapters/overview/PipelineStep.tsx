// The live pipeline on the reader's prompt. Until the engine worker is connected it says so plainly.
import { Knob } from '../../components/Knob';

export function PipelineStep() {
  return (
    <>
      <Knob id="prompt" />
      <p role="status">The model that computes this step is not connected yet.</p>
    </>
  );
}
