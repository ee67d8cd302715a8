// Rank-6 strided loops: broadcast binary ops and strided copies. The caller (wasmLayout.ts) merges contiguous axes
// and pads the plan to rank 6, so five outer axes walk like an odometer and the last axis runs a SIMD row:
// contiguous, one operand repeated (stride 0), or a general stride. Threads take whole rows.
import { Binary, binaryLoop, binaryVec } from './elementwise';
import { shareStart } from './lanes';

/** One output row of n floats: a and b advance by their inner strides sa, sb (in floats). */
// @ts-ignore: decorator
@inline function row(op: i32, a: usize, b: usize, out: usize, n: i32, sa: i32, sb: i32): void {
  if (sa == 1 && sb == 1) {
    binaryLoop(op, a, b, out, n);
  } else if (sa == 1 && sb == 0) {
    const bv = v128.load32_splat(b);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), binaryVec(op, v128.load(a + (<usize>j << 2)), bv));
    for (; j < n; j++) {
      store<f32>(out + (<usize>j << 2), f32x4.extract_lane(binaryVec(op, v128.load32_splat(a + (<usize>j << 2)), bv), 0));
    }
  } else if (sa == 0 && sb == 1) {
    const av = v128.load32_splat(a);
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(out + (<usize>j << 2), binaryVec(op, av, v128.load(b + (<usize>j << 2))));
    for (; j < n; j++) {
      store<f32>(out + (<usize>j << 2), f32x4.extract_lane(binaryVec(op, av, v128.load32_splat(b + (<usize>j << 2))), 0));
    }
  } else {
    for (let j = 0; j < n; j++) {
      const av = v128.load32_splat(a + (<usize>(j * sa) << 2)), bv = v128.load32_splat(b + (<usize>(j * sb) << 2));
      store<f32>(out + (<usize>j << 2), f32x4.extract_lane(binaryVec(op, av, bv), 0));
    }
  }
}

// Plan layout at p (i32): shape[6], aStrides[6], bStrides[6].
// @ts-ignore: decorator
@inline function broadcastLoop(op: i32, a: usize, b: usize, out: usize, p: usize, part: i32, parts: i32): void {
  const d1 = load<i32>(p, 4), d2 = load<i32>(p, 8), d3 = load<i32>(p, 12), d4 = load<i32>(p, 16), n = load<i32>(p, 20);
  const rows = load<i32>(p) * d1 * d2 * d3 * d4;
  const r0 = shareStart(rows, part, parts, 1), r1 = shareStart(rows, part + 1, parts, 1);
  if (r0 >= r1 || n == 0) return;
  const sa5 = load<i32>(p, 44), sb5 = load<i32>(p, 68);
  // Odometer over the outer axes, started at row r0.
  let i4 = r0 % d4, i3 = (r0 / d4) % d3, i2 = (r0 / (d4 * d3)) % d2, i1 = (r0 / (d4 * d3 * d2)) % d1;
  const i0 = r0 / (d4 * d3 * d2 * d1);
  let ia = i0 * load<i32>(p, 24) + i1 * load<i32>(p, 28) + i2 * load<i32>(p, 32) + i3 * load<i32>(p, 36) + i4 * load<i32>(p, 40);
  let ib = i0 * load<i32>(p, 48) + i1 * load<i32>(p, 52) + i2 * load<i32>(p, 56) + i3 * load<i32>(p, 60) + i4 * load<i32>(p, 64);
  for (let r = r0; r < r1; r++) {
    row(op, a + (<usize>ia << 2), b + (<usize>ib << 2), out + (<usize>r * n << 2), n, sa5, sb5);
    ia += load<i32>(p, 40); ib += load<i32>(p, 64);
    if (++i4 < d4) continue;
    i4 = 0; ia -= d4 * load<i32>(p, 40); ib -= d4 * load<i32>(p, 64);
    ia += load<i32>(p, 36); ib += load<i32>(p, 60);
    if (++i3 < d3) continue;
    i3 = 0; ia -= d3 * load<i32>(p, 36); ib -= d3 * load<i32>(p, 60);
    ia += load<i32>(p, 32); ib += load<i32>(p, 56);
    if (++i2 < d2) continue;
    i2 = 0; ia -= d2 * load<i32>(p, 32); ib -= d2 * load<i32>(p, 56);
    ia += load<i32>(p, 28); ib += load<i32>(p, 52);
    if (++i1 < d1) continue;
    i1 = 0; ia -= d1 * load<i32>(p, 28); ib -= d1 * load<i32>(p, 52);
    ia += load<i32>(p, 24); ib += load<i32>(p, 48);
  }
}

/** out = a op b under the broadcast plan at p (see the layout above); out is contiguous. */
export function broadcastBinary(op: i32, a: usize, b: usize, out: usize, p: usize, part: i32, parts: i32): void {
  switch (op) {
    case Binary.Add: broadcastLoop(Binary.Add, a, b, out, p, part, parts); break;
    case Binary.Sub: broadcastLoop(Binary.Sub, a, b, out, p, part, parts); break;
    case Binary.Mul: broadcastLoop(Binary.Mul, a, b, out, p, part, parts); break;
    case Binary.Div: broadcastLoop(Binary.Div, a, b, out, p, part, parts); break;
    case Binary.Max: broadcastLoop(Binary.Max, a, b, out, p, part, parts); break;
    case Binary.Min: broadcastLoop(Binary.Min, a, b, out, p, part, parts); break;
    default: broadcastLoop(Binary.Gt, a, b, out, p, part, parts);
  }
}

/** n contiguous floats; short rows (attention heads of 16–64) in vectors, since memory.copy is a call each time. */
// @ts-ignore: decorator
@inline function copyRow(dst: usize, src: usize, n: i32): void {
  if (n >= 256) {
    memory.copy(dst, src, <usize>n << 2);
    return;
  }
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(dst + (<usize>j << 2), v128.load(src + (<usize>j << 2)));
  for (; j < n; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
}

/**
 * out[dstOffset + Σ idx·dst] = x[srcOffset + Σ idx·src] over shape, the layout at p being shape[6], src[6], dst[6]
 * (in floats). A row whose both inner strides are 1 is one memory.copy.
 */
export function copyStrided(x: usize, out: usize, srcOffset: i32, dstOffset: i32, p: usize, part: i32, parts: i32): void {
  const d1 = load<i32>(p, 4), d2 = load<i32>(p, 8), d3 = load<i32>(p, 12), d4 = load<i32>(p, 16), n = load<i32>(p, 20);
  const rows = load<i32>(p) * d1 * d2 * d3 * d4;
  const r0 = shareStart(rows, part, parts, 1), r1 = shareStart(rows, part + 1, parts, 1);
  if (r0 >= r1 || n == 0) return;
  const ss = load<i32>(p, 44), ds = load<i32>(p, 68);
  let i4 = r0 % d4, i3 = (r0 / d4) % d3, i2 = (r0 / (d4 * d3)) % d2, i1 = (r0 / (d4 * d3 * d2)) % d1;
  const i0 = r0 / (d4 * d3 * d2 * d1);
  let is = srcOffset + i0 * load<i32>(p, 24) + i1 * load<i32>(p, 28) + i2 * load<i32>(p, 32) + i3 * load<i32>(p, 36) + i4 * load<i32>(p, 40);
  let id = dstOffset + i0 * load<i32>(p, 48) + i1 * load<i32>(p, 52) + i2 * load<i32>(p, 56) + i3 * load<i32>(p, 60) + i4 * load<i32>(p, 64);
  for (let r = r0; r < r1; r++) {
    const src = x + (<usize>is << 2), dst = out + (<usize>id << 2);
    if (ss == 1 && ds == 1) copyRow(dst, src, n);
    else for (let j = 0; j < n; j++) store<f32>(dst + (<usize>(j * ds) << 2), load<f32>(src + (<usize>(j * ss) << 2)));
    is += load<i32>(p, 40); id += load<i32>(p, 64);
    if (++i4 < d4) continue;
    i4 = 0; is -= d4 * load<i32>(p, 40); id -= d4 * load<i32>(p, 64);
    is += load<i32>(p, 36); id += load<i32>(p, 60);
    if (++i3 < d3) continue;
    i3 = 0; is -= d3 * load<i32>(p, 36); id -= d3 * load<i32>(p, 60);
    is += load<i32>(p, 32); id += load<i32>(p, 56);
    if (++i2 < d2) continue;
    i2 = 0; is -= d2 * load<i32>(p, 32); id -= d2 * load<i32>(p, 56);
    is += load<i32>(p, 28); id += load<i32>(p, 52);
    if (++i1 < d1) continue;
    i1 = 0; is -= d1 * load<i32>(p, 28); id -= d1 * load<i32>(p, 52);
    is += load<i32>(p, 24); id += load<i32>(p, 48);
  }
}
