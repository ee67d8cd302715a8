// Engine-level fallback: carries tensors (weights, their gradients, optimizer moments) from one backend to
// another, e.g. from a lost or failing webgpu device to wasm or js, so training or sampling goes on from the same
// values. A lost device cannot be read any more, so callers that must survive loss keep a host snapshot.
import type { Backend, DeviceBuffer, FloatArray } from './backend';
import type { Tensor } from '../tensor';

/** Host copies of tensor values, keyed by tensor. */
export type TensorSnapshot = ReadonlyMap<Tensor, FloatArray>;

/** The tensors and, where present, their gradients, without repeats (for snapshots). */
function withGradients(tensors: Iterable<Tensor>): Tensor[] {
  const all = new Set<Tensor>();
  for (const t of tensors) {
    all.add(t);
    if (t.grad) all.add(t.grad);
  }
  return [...all].filter((t) => !t.isDisposed);
}

/**
 * Copies the values of `tensors` (and their gradients) to the host: after each step, or every few, to be able to
 * recover from a lost device with moveTensorsTo(..., snapshot).
 */
export async function snapshotTensors(tensors: Iterable<Tensor>): Promise<Map<Tensor, FloatArray>> {
  const snapshot = new Map<Tensor, FloatArray>();
  for (const t of withGradients(tensors)) snapshot.set(t, await t.data());
  return snapshot;
}

/**
 * Moves every tensor (and its gradient) to `target`: reads its values — from `snapshot` when given there, else
 * with readAsync — writes them into a new buffer on `target` and swaps the tensor's storage, so views and every
 * holder of the Tensor object follow. All values are read before anything moves: if a tensor cannot be read (a
 * lost device, no snapshot), nothing has changed. A gradient that cannot be read belongs to the step that was lost
 * and is dropped. Returns how many storages moved.
 * @example
 * await moveTensorsTo([...model.parameters(), ...optimizer.state().m, ...optimizer.state().v], createJsBackend());
 */
export async function moveTensorsTo(tensors: Iterable<Tensor>, target: Backend, snapshot?: TensorSnapshot): Promise<number> {
  const owners = [...tensors].filter((t) => !t.isDisposed);
  const valuesByBuffer = new Map<DeviceBuffer, FloatArray>();
  const read = async (t: Tensor): Promise<void> => {
    if (t.backend === target || valuesByBuffer.has(t.buffer)) return; // there already, or a view of one read
    const saved = snapshot?.get(t);
    if (saved && saved.length !== t.size) throw new Error(`snapshot of ${t.describe()} holds ${saved.length} values`);
    valuesByBuffer.set(t.buffer, saved ?? (await t.data()));
  };
  for (const t of owners) {
    try {
      await read(t);
    } catch (error) {
      throw new Error(`cannot move ${t.describe()} off the ${t.backend.name} backend: ${(error as Error).message}`);
    }
  }
  const unreadableGradients = new Set<Tensor>();
  for (const t of owners) {
    if (t.grad && !t.grad.isDisposed) await read(t.grad).catch(() => unreadableGradients.add(t));
  }
  let moved = 0;
  const move = (t: Tensor) => {
    if (t.backend === target) return; // moved together with a view of the same storage
    const values = valuesByBuffer.get(t.buffer)!;
    const buffer = target.alloc(values.length);
    if (values.length > 0) target.write(buffer, values);
    t.replaceStorage(target, buffer);
    moved++;
  };
  for (const t of owners) {
    move(t);
    if (unreadableGradients.has(t)) {
      t.grad!.dispose();
      t.grad = null;
    } else if (t.grad && !t.grad.isDisposed) move(t.grad);
  }
  return moved;
}
