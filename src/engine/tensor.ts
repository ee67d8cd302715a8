// Tensor: a shape, a contiguous float buffer on one backend, and (when it takes part in training) a link to the
// operation that made it. Reverse-mode autograd lives in autograd.ts; the ops in ops/ create tensors.
import type { Backend, DeviceBuffer, FloatArray } from './backends/backend';
import { getBackend, trackInScope, type Disposable } from './runtime';
import { formatShape, sizeOf, type Shape } from './util/shape';

/** How a tensor was made: its inputs and how to turn the gradient of its output into theirs. */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Given d(loss)/d(output), returns d(loss)/d(input) for each input (null where it needs none). */
  backward(gradOutput: Tensor): (Tensor | null)[];
  /**
   * Optional, micrograd's `+=`: `collected[k]` is the gradient already gathered for input k (null: none yet), and
   * the result for input k is collected[k] plus this node's share, so that a kernel can fold the sum into its own
   * pass (LayerNorm's dx takes the skip connection's gradient). Reads `collected`, never writes into it: the same
   * tensor may be another input's gradient too.
   */
  backwardAccumulating?(gradOutput: Tensor, collected: readonly (Tensor | null)[]): (Tensor | null)[];
}

/** A device buffer shared by tensors that are views of each other (reshape); freed when the last one goes. */
class Storage {
  refs = 1;
  constructor(public backend: Backend, public buffer: DeviceBuffer) {}
  release(): void {
    if (--this.refs === 0) this.backend.free(this.buffer);
  }
}

let nextId = 0;

export class Tensor implements Disposable {
  readonly id = nextId++;
  readonly shape: readonly number[];
  readonly size: number;
  /** Set on parameters and on tensors computed from them while gradients are recorded. */
  requiresGrad = false;
  /** d(loss)/d(this), filled by backward() for tensors with requiresGrad and no gradNode (leaves). */
  grad: Tensor | null = null;
  gradNode: GradNode | null = null;
  /** A readable name (parameters: GPT-2 names such as "h.0.attn.c_attn.weight"). */
  name = '';
  private storage: Storage | null;

  constructor(shape: Shape, storage?: { backend: Backend; buffer: DeviceBuffer } | Tensor) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    if (storage instanceof Tensor) {
      const s = storage.liveStorage();
      s.refs++;
      this.storage = s;
    } else if (storage) {
      this.storage = new Storage(storage.backend, storage.buffer);
    } else {
      const backend = getBackend();
      this.storage = new Storage(backend, backend.alloc(this.size));
    }
    trackInScope(this);
  }

  private liveStorage(): Storage {
    if (!this.storage) throw new Error(`tensor ${this.describe()} was disposed and can no longer be used`);
    return this.storage;
  }

  get backend(): Backend {
    return this.liveStorage().backend;
  }

  get buffer(): DeviceBuffer {
    return this.liveStorage().buffer;
  }

  get rank(): number {
    return this.shape.length;
  }

  get isDisposed(): boolean {
    return this.storage === null;
  }

  /** The values, copied out (js and wasm backends; webgpu needs data()). */
  toArray(): FloatArray {
    return this.backend.read(this.buffer);
  }

  /** The values, copied out, on every backend. */
  data(): Promise<FloatArray> {
    return this.backend.readAsync(this.buffer);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item() needs a tensor of one element, got shape ${formatShape(this.shape)}`);
    return this.toArray()[0];
  }

  /** Overwrites the values in place (parameters loaded from a checkpoint, say). */
  assign(values: ArrayLike<number>): void {
    if (values.length !== this.size) {
      throw new Error(`cannot assign ${values.length} values to ${this.describe()} of size ${this.size}`);
    }
    this.backend.write(this.buffer, values);
  }

  /**
   * Moves the values to `buffer` on `backend` (engine fallback: backends/migrate.ts). Every view sharing this
   * storage moves with it; the old buffer is freed.
   */
  replaceStorage(backend: Backend, buffer: DeviceBuffer): void {
    const s = this.liveStorage();
    if (buffer.size !== s.buffer.size) throw new Error(`replaceStorage: ${buffer.size} floats for a storage of ${s.buffer.size}`);
    const old = { backend: s.backend, buffer: s.buffer };
    s.backend = backend;
    s.buffer = buffer;
    try {
      old.backend.free(old.buffer);
    } catch {
      // A lost device cannot free anything; its memory is gone with it.
    }
  }

  /**
   * Gives up this tensor's own values to share `other`'s buffer (a reference to it, freed with the last holder):
   * a fine-tune's copy of a model shares the weights it never changes with the model it copies.
   */
  shareStorageOf(other: Tensor): void {
    if (other.size !== this.size) throw new Error(`shareStorageOf: ${other.describe()} does not fit ${this.describe()}`);
    const s = other.liveStorage();
    s.refs++;
    this.storage?.release();
    this.storage = s;
  }

  dispose(): void {
    if (!this.storage) return;
    this.storage.release();
    this.storage = null;
    this.gradNode = null;
  }

  describe(): string {
    return `${this.name || 'tensor'}${formatShape(this.shape)}`;
  }
}

/** Makes a tensor on the active backend from values (copied) and a shape. */
export function tensor(values: ArrayLike<number>, shape: Shape = [values.length]): Tensor {
  if (sizeOf(shape) !== values.length) {
    throw new Error(`${values.length} values do not fill shape ${formatShape(shape)}`);
  }
  const t = new Tensor(shape);
  if (values.length > 0) t.backend.write(t.buffer, values);
  return t;
}

export function zeros(shape: Shape): Tensor {
  return new Tensor(shape);
}

export function full(shape: Shape, value: number): Tensor {
  const t = new Tensor(shape);
  if (value !== 0) t.backend.kernels.fill(t.buffer, value);
  return t;
}

export function ones(shape: Shape): Tensor {
  return full(shape, 1);
}
