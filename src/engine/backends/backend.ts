// The backend contract: opaque device buffers and a short list of kernels, registered under one name per backend.
// Follows tinygrad's "few primitives" idea and tfjs's kernel registry: js is the spec (backends/js), wasm and
// webgpu must match it kernel by kernel (backends/conformance). Every buffer holds floats; integer data such as
// token ids travel as exact floats (< 2^24). Tensors are always contiguous row-major; views are made by copyStrided.

export type BackendName = 'js' | 'wasm' | 'webgpu';
export type Precision = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/** A block of `size` floats owned by a backend. Its contents are only reachable through the backend. */
export interface DeviceBuffer {
  readonly size: number;
}

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'tanh' | 'relu' | 'step' | 'abs' | 'recip' | 'square'
  | 'sin' | 'cos'
  | 'gelu'          // exact, as PyTorch's nn.GELU() and nanoGPT: x·Φ(x), Φ the standard normal cdf
  | 'geluGrad'      // d gelu / dx = Φ(x) + x·φ(x), for the backward pass
  | 'geluTanh'      // tanh approximation, as GPT-2: 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))
  | 'geluTanhGrad'; // d geluTanh / dx
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'gt';
export type ScalarOp = 'add' | 'mul' | 'pow' | 'max' | 'min' | 'rsub' /* s - x */ | 'rdiv' /* s / x */;
export type ReduceOp = 'sum' | 'max';
/** The two GELUs of UnaryOp: exact (nanoGPT) and GPT-2's tanh approximation. */
export type GeluVariant = 'gelu' | 'geluTanh';

/**
 * Elementwise binary op with broadcasting: out[i] = a[Σ idx·aStrides] op b[Σ idx·bStrides], idx over outShape.
 * A stride of 0 repeats that operand along the axis. Rank ≤ 6. When both strides equal outShape's contiguous
 * strides the kernel may take a flat fast path (see isContiguousPlan).
 */
export interface BroadcastPlan {
  readonly outShape: readonly number[];
  readonly aStrides: readonly number[];
  readonly bStrides: readonly number[];
}

/**
 * Batched GEMM: for each b < batch, out_b (M×N) = beta·out_b + op(A_b) · op(B_b), op = transpose when asked.
 * A_b starts at b·aBatchStride (0 broadcasts one matrix over the batch); A is (M×K) or, transposed, stored (K×M).
 * B is (K×N) or, transposed, stored (N×K). out is contiguous (batch, M, N) unless `strided` says otherwise. beta is
 * 0 (overwrite) or 1 (accumulate).
 */
export interface MatmulParams {
  readonly batch: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly aBatchStride: number;
  readonly bBatchStride: number;
  readonly beta: 0 | 1;
  /**
   * Operands read and written in place inside bigger tensors: attention's per-head q, k, v inside the (B, T, 3C)
   * projection and its output heads side by side in (B, T, C), so no copy splits or merges the heads. Given, it
   * replaces the batch strides above and C is no longer written whole: only its matrices. Absent, A, B and C are
   * packed as above (see matmulLayouts).
   */
  readonly strided?: HeadStrides;
  /**
   * An epilogue with beta 0 and no `strided`: every product is multiplied elementwise by this buffer, laid out as C
   * (batch, M, N), before it is stored: out = (op(A)·op(B)) ⊙ scaleBy. The MLP's backward pass uses it for
   * (g·W) ⊙ gelu′, so the gradient is not written once and read back for a separate multiply.
   */
  readonly scaleBy?: DeviceBuffer;
}

/**
 * Where one operand's matrices lie: entry (o, h) of a batch of outer × heads (batch index o·heads + h) starts at
 * offset + o·outer + h·head, and the rows of the matrix as stored (K×M for a transposed A) are ld floats apart.
 */
export interface MatrixLayout {
  readonly offset: number;
  readonly ld: number;
  readonly outer: number;
  readonly head: number;
}

/** The batch as outer × heads, with each operand's layout. batch must be a multiple of heads. */
export interface HeadStrides {
  readonly heads: number;
  readonly a: MatrixLayout;
  readonly b: MatrixLayout;
  readonly c: MatrixLayout;
  /**
   * A hint with beta 0: this product and the caller's next ones into the same C, before anything reads it, write
   * every float of C between them (attention's dq, dk and dv, each a third of one gradient), so a recycled C need
   * not be zeroed first. A backend may ignore it.
   */
  readonly coversOut?: boolean;
}

/** scaleBy multiplies a fresh product laid out as (batch, M, N): not one added to C, not one inside a bigger tensor. */
export function checkEpilogue(p: MatmulParams): void {
  if (p.scaleBy && (p.beta !== 0 || p.strided)) throw new Error('matmul: scaleBy needs beta 0 and packed operands');
  if (p.scaleBy && p.scaleBy.size < p.batch * p.M * p.N) {
    throw new RangeError(`matmul: scaleBy holds ${p.scaleBy.size} floats for a product of ${p.batch * p.M * p.N}`);
  }
}

/** Every operand's layout for a GEMM: the strided ones if given, else the packed ones that the batch strides imply. */
export function matmulLayouts(p: MatmulParams): HeadStrides {
  if (p.strided) return p.strided;
  return {
    heads: 1,
    a: { offset: 0, ld: p.transA ? p.M : p.K, outer: p.aBatchStride, head: 0 },
    b: { offset: 0, ld: p.transB ? p.K : p.N, outer: p.bBatchStride, head: 0 },
    c: { offset: 0, ld: p.N, outer: p.M * p.N, head: 0 },
  };
}

/**
 * Whether C's matrices (M×N each, outer × heads of them) tile floats [0, extent) without a gap: packed one after
 * another, or heads side by side in each row. Then a beta-0 product overwrites every float up to the extent.
 */
export function tilesWhole(l: MatrixLayout, outerCount: number, heads: number, M: number, N: number): boolean {
  if (l.offset !== 0 || (outerCount > 1 && l.outer !== heads * M * N)) return false;
  const packed = l.ld === N && (heads === 1 || l.head === M * N);
  const sideBySide = l.head === N && l.ld === heads * N;
  return packed || sideBySide;
}

/** Floats an operand must hold: one past its last element (rows × cols as stored), 0 for an empty batch. */
export function matrixExtent(l: MatrixLayout, outerCount: number, heads: number, rows: number, cols: number): number {
  if (outerCount === 0 || heads === 0 || rows === 0 || cols === 0) return 0;
  return l.offset + (outerCount - 1) * l.outer + (heads - 1) * l.head + (rows - 1) * l.ld + cols;
}

/** out[dstOffset + Σ idx·dstStrides] = x[srcOffset + Σ idx·srcStrides] for idx over shape (rank ≤ 6). */
export interface StridedCopy {
  readonly shape: readonly number[];
  readonly srcStrides: readonly number[];
  readonly srcOffset: number;
  readonly dstStrides: readonly number[];
  readonly dstOffset: number;
}

export interface AdamWParams {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** 1-based step count, for bias correction. */
  readonly step: number;
  /** gradients are multiplied by this first (gradient clipping folds in here). */
  readonly gradScale: number;
}

/** The kernels every backend implements. `out` buffers are preallocated by the caller and never alias inputs. */
export interface Kernels {
  fill(out: DeviceBuffer, value: number): void;
  unary(op: UnaryOp, x: DeviceBuffer, out: DeviceBuffer): void;
  binary(op: BinaryOp, a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, plan: BroadcastPlan): void;
  scalar(op: ScalarOp, x: DeviceBuffer, s: number, out: DeviceBuffer): void;
  /** out[o, i] = reduce over k < n of x[o, k, i]; x is (outer, n, inner), out is (outer, inner). n = 0 gives 0 / -Inf. */
  reduce(op: ReduceOp, x: DeviceBuffer, out: DeviceBuffer, outer: number, n: number, inner: number): void;
  matmul(a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, p: MatmulParams): void;
  copyStrided(x: DeviceBuffer, out: DeviceBuffer, c: StridedCopy): void;
  /** out[r, :] = table[ids[r], :] for r < rows; ids hold exact integer floats; table is (vocab, dim). */
  gather(table: DeviceBuffer, ids: DeviceBuffer, out: DeviceBuffer, rows: number, dim: number): void;
  /** table[ids[r], :] += src[r, :] (the gradient of gather). */
  scatterAdd(src: DeviceBuffer, ids: DeviceBuffer, table: DeviceBuffer, rows: number, dim: number): void;

  // Fused kernels. Each equals a composition of the primitives above (ops/composite.ts) and is tested against it.
  /** Softmax over the last axis of (rows, n). -Infinity entries get probability 0. */
  softmax(x: DeviceBuffer, out: DeviceBuffer, rows: number, n: number): void;
  /** dx = y ⊙ (dy − Σ dy⊙y) per row. */
  softmaxBackward(y: DeviceBuffer, dy: DeviceBuffer, dx: DeviceBuffer, rows: number, n: number): void;
  /** Log-softmax over the last axis of (rows, n). */
  logSoftmax(x: DeviceBuffer, out: DeviceBuffer, rows: number, n: number): void;
  /**
   * LayerNorm over the last axis: out = (x − mean)·rstd·w + b; b may be null (bias off). mean and rstd (rows)
   * are written for the backward pass.
   */
  layerNorm(x: DeviceBuffer, w: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, mean: DeviceBuffer,
    rstd: DeviceBuffer, rows: number, n: number, eps: number): void;
  /**
   * A residual add and the LayerNorm after it in one pass over (rows, n): sum = x + y (written: the new residual
   * stream), then out, mean and rstd exactly as layerNorm(sum, ...) writes them.
   */
  addLayerNorm(x: DeviceBuffer, y: DeviceBuffer, w: DeviceBuffer, b: DeviceBuffer | null, sum: DeviceBuffer,
    out: DeviceBuffer, mean: DeviceBuffer, rstd: DeviceBuffer, rows: number, n: number, eps: number): void;
  /**
   * dx is overwritten: dx = LayerNorm's input gradient, plus residual (rows, n) when given — the gradient that
   * reached x by another path (a skip connection's), folded in here instead of by a separate add. dw and db (db may
   * be null) are accumulated into (+=).
   */
  layerNormBackward(dy: DeviceBuffer, x: DeviceBuffer, w: DeviceBuffer, mean: DeviceBuffer, rstd: DeviceBuffer,
    dx: DeviceBuffer, dw: DeviceBuffer, db: DeviceBuffer | null, rows: number, n: number,
    residual?: DeviceBuffer | null): void;
  /**
   * Cross-entropy per row of logits (rows, V) against integer targets (rows); a target < 0 is ignored and gets
   * loss 0. losses (rows) is written.
   */
  crossEntropy(logits: DeviceBuffer, targets: DeviceBuffer, losses: DeviceBuffer, rows: number, V: number): void;
  /** dlogits = scale · (softmax(logits) − onehot(target)) per row; ignored rows get 0. */
  crossEntropyBackward(logits: DeviceBuffer, targets: DeviceBuffer, dlogits: DeviceBuffer, rows: number, V: number,
    scale: number): void;
  /**
   * Attention's scale, causal mask and softmax in one pass per row: rows of n keys, row r being query r mod T (a
   * batch of (B·nh·T, n) scores). y = softmax(scale·x) over the keys the query sees — with causal, query i (absolute
   * position n − T + i) sees keys j ≤ n − T + i; the others get 0 and are never read. scale > 0. Equals
   * softmax(scale·x + causalMask) composed.
   */
  attentionSoftmax(x: DeviceBuffer, out: DeviceBuffer, rows: number, T: number, n: number, scale: number,
    causal: boolean): void;
  /** dx = scale · y ⊙ (dy − Σ dy⊙y) per row: attentionSoftmax's backward (masked keys, y = 0, get 0). */
  attentionSoftmaxBackward(y: DeviceBuffer, dy: DeviceBuffer, dx: DeviceBuffer, rows: number, n: number, scale: number): void;
  /**
   * Bias + GELU in one pass over (rows, n): h = x + b (b, of n, added to every row; null: no bias), out = gelu(h),
   * and, when grad is given, grad = gelu'(h) from the same exponential, so the backward pass is one multiply
   * (dx = dy ⊙ grad) instead of a second evaluation of GELU's derivative.
   */
  biasGelu(x: DeviceBuffer, b: DeviceBuffer | null, out: DeviceBuffer, grad: DeviceBuffer | null, rows: number, n: number,
    variant: GeluVariant): void;
  /** One AdamW step in place on param, m, v (PyTorch semantics: decoupled weight decay, bias-corrected moments). */
  adamw(param: DeviceBuffer, grad: DeviceBuffer, m: DeviceBuffer, v: DeviceBuffer, p: AdamWParams): void;
  /** out[0] = Σ x². For gradient-norm clipping without reading every gradient back. */
  sumSquares(x: DeviceBuffer, out: DeviceBuffer): void;
}

export interface Backend {
  readonly name: BackendName;
  readonly precision: Precision;
  readonly kernels: Kernels;
  /** A zero-filled buffer of `size` floats. */
  alloc(size: number): DeviceBuffer;
  /** Gives the memory back. Using a freed buffer is a bug; backends may throw. */
  free(buf: DeviceBuffer): void;
  write(buf: DeviceBuffer, data: ArrayLike<number>, offset?: number): void;
  /** Synchronous read-back (js, wasm). Backends that cannot (webgpu) throw and offer readAsync. */
  read(buf: DeviceBuffer): FloatArray;
  readAsync(buf: DeviceBuffer): Promise<FloatArray>;
  /** Waits until queued work is done (webgpu); a no-op for synchronous backends. */
  flush(): Promise<void>;
  /** Releases everything the backend holds (worker pools, devices). */
  dispose(): void;
}

/** True when a broadcast plan is a plain elementwise op over equal, contiguous operands. */
export function isContiguousPlan(plan: BroadcastPlan): boolean {
  const { outShape, aStrides, bStrides } = plan;
  let stride = 1;
  for (let i = outShape.length - 1; i >= 0; i--) {
    if (outShape[i] !== 1 && (aStrides[i] !== stride || bStrides[i] !== stride)) return false;
    stride *= outShape[i];
  }
  return true;
}
