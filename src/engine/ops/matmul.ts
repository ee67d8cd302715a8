// Matrix products. matmul handles batches and transposes in one GEMM call; linear is PyTorch's x·Wᵀ + b with
// W stored (out, in) as in GPT-2 checkpoints. Backward follows the usual rules: dA = dC·Bᵀ, dB = Aᵀ·dC.
import type { Tensor } from '../tensor';
import { formatShape, sizeOf } from '../util/shape';
import { emptyLike, kernelsOf, record } from './graph';
import { reshape } from './movement';
import { add } from './binary';

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/**
 * op(A)·op(B) over matching leading batch axes. A is (..., M, K) or with transA (..., K, M); B is (..., K, N)
 * or with transB (..., N, K). B may also be a plain matrix shared by every batch entry.
 */
export function matmul(a: Tensor, b: Tensor, { transA = false, transB = false }: MatmulOptions = {}): Tensor {
  if (a.rank < 2 || b.rank < 2) throw new Error(`matmul needs matrices, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const batchShape = a.shape.slice(0, -2);
  const batch = sizeOf(batchShape);
  const [M, Ka] = transA ? [a.shape[a.rank - 1], a.shape[a.rank - 2]] : [a.shape[a.rank - 2], a.shape[a.rank - 1]];
  const [Kb, N] = transB ? [b.shape[b.rank - 1], b.shape[b.rank - 2]] : [b.shape[b.rank - 2], b.shape[b.rank - 1]];
  const bShared = b.rank === 2 && batch > 1;
  const batchesAgree = bShared || (b.rank === a.rank && b.shape.slice(0, -2).every((d, i) => d === batchShape[i]));
  if (Ka !== Kb || !batchesAgree) {
    throw new Error(`matmul shapes do not fit: ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} · ${formatShape(b.shape)}${transB ? 'ᵀ' : ''}`);
  }
  const out = emptyLike(a, [...batchShape, M, N]);
  kernelsOf(a, b).matmul(a.buffer, b.buffer, out.buffer, {
    batch, M, N, K: Ka, transA, transB, aBatchStride: M * Ka, bBatchStride: bShared ? 0 : Kb * N, beta: 0,
  });
  return record(out, 'matmul', [a, b], (g) => {
    // C = op(A)·op(B). dop(A) = dC·op(B)ᵀ, dop(B) = op(A)ᵀ·dC; un-transpose by swapping operands.
    const da = !a.requiresGrad ? null
      : transA ? matmul(b, g, { transA: transB, transB: true }) : matmul(g, b, { transB: !transB });
    let db: Tensor | null = null;
    if (b.requiresGrad) {
      if (bShared) {
        // B met every batch entry: fold the batch into rows and sum in the same GEMM.
        if (transA) throw new Error('matmul: a shared B with a transposed batched A has no gradient path');
        const a2 = reshape(a, [batch * M, Ka]);
        const g2 = reshape(g, [batch * M, N]);
        db = transB ? matmul(g2, a2, { transA: true }) : matmul(a2, g2, { transA: true });
      } else {
        db = transB ? matmul(g, a, { transA: true, transB: transA }) : matmul(a, g, { transA: !transA });
      }
    }
    return [da, db];
  });
}

/** y = x·Wᵀ + b for x (..., in), W (out, in), b (out) or null. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const [outDim, inDim] = weight.shape;
  if (x.shape[x.rank - 1] !== inDim) {
    throw new Error(`linear: input ${formatShape(x.shape)} does not end in ${inDim} (weight ${formatShape(weight.shape)})`);
  }
  const rows = x.size / inDim;
  const y = matmul(reshape(x, [rows, inDim]), weight, { transB: true });
  const withBias = bias ? add(y, bias) : y;
  return reshape(withBias, [...x.shape.slice(0, -1), outDim]);
}
