// SIMD128 ceilings for the bench. simdPeak: 12 independent f32x4 mul+add chains, no memory traffic (the classic
// figure; on CPUs with more FP ports than the chains keep busy, a GEMM can beat it). tilePeak: the GEMM's own
// register tile on data that stays in L1, the ceiling a full GEMM approaches.
import { microKernel } from './gemm';

/** Runs `iterations` rounds of 12 independent mul+add pairs on f32x4 (96 flops a round); returns a value so nothing is elided. */
export function simdPeak(iterations: i32): f32 {
  const m = f32x4.splat(0.999999);
  const d = f32x4.splat(0.000001);
  let a0 = f32x4.splat(1.0); let a1 = f32x4.splat(1.1); let a2 = f32x4.splat(1.2); let a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4); let a5 = f32x4.splat(1.5); let a6 = f32x4.splat(1.6); let a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8); let a9 = f32x4.splat(1.9); let a10 = f32x4.splat(2.0); let a11 = f32x4.splat(2.1);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), d); a1 = f32x4.add(f32x4.mul(a1, m), d); a2 = f32x4.add(f32x4.mul(a2, m), d);
    a3 = f32x4.add(f32x4.mul(a3, m), d); a4 = f32x4.add(f32x4.mul(a4, m), d); a5 = f32x4.add(f32x4.mul(a5, m), d);
    a6 = f32x4.add(f32x4.mul(a6, m), d); a7 = f32x4.add(f32x4.mul(a7, m), d); a8 = f32x4.add(f32x4.mul(a8, m), d);
    a9 = f32x4.add(f32x4.mul(a9, m), d); a10 = f32x4.add(f32x4.mul(a10, m), d); a11 = f32x4.add(f32x4.mul(a11, m), d);
  }
  let s = a0;
  s = f32x4.add(s, a1); s = f32x4.add(s, a2); s = f32x4.add(s, a3); s = f32x4.add(s, a4); s = f32x4.add(s, a5); s = f32x4.add(s, a6); s = f32x4.add(s, a7); s = f32x4.add(s, a8); s = f32x4.add(s, a9); s = f32x4.add(s, a10); s = f32x4.add(s, a11);
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/**
 * Like simdPeak with each mul+add pair fused into one relaxed-SIMD FMA (f32x4.relaxed_madd): the ceiling a GEMM of the
 * relaxed build can reach. 12 independent chains cover FMA latency × ports on current x86 and Arm cores. Returns 0
 * in the builds without relaxed SIMD (there is no FMA to measure).
 */
export function fmaPeak(iterations: i32): f32 {
  if (!ASC_FEATURE_RELAXED_SIMD) return 0;
  const m = f32x4.splat(0.999999);
  const d = f32x4.splat(0.000001);
  let a0 = f32x4.splat(1.0); let a1 = f32x4.splat(1.1); let a2 = f32x4.splat(1.2); let a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4); let a5 = f32x4.splat(1.5); let a6 = f32x4.splat(1.6); let a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8); let a9 = f32x4.splat(1.9); let a10 = f32x4.splat(2.0); let a11 = f32x4.splat(2.1);
  for (let i = 0; i < iterations; i++) {
    a0 = f32x4.relaxed_madd(a0, m, d); a1 = f32x4.relaxed_madd(a1, m, d); a2 = f32x4.relaxed_madd(a2, m, d);
    a3 = f32x4.relaxed_madd(a3, m, d); a4 = f32x4.relaxed_madd(a4, m, d); a5 = f32x4.relaxed_madd(a5, m, d);
    a6 = f32x4.relaxed_madd(a6, m, d); a7 = f32x4.relaxed_madd(a7, m, d); a8 = f32x4.relaxed_madd(a8, m, d);
    a9 = f32x4.relaxed_madd(a9, m, d); a10 = f32x4.relaxed_madd(a10, m, d); a11 = f32x4.relaxed_madd(a11, m, d);
  }
  let s = a0;
  s = f32x4.add(s, a1); s = f32x4.add(s, a2); s = f32x4.add(s, a3); s = f32x4.add(s, a4); s = f32x4.add(s, a5); s = f32x4.add(s, a6); s = f32x4.add(s, a7); s = f32x4.add(s, a8); s = f32x4.add(s, a9); s = f32x4.add(s, a10); s = f32x4.add(s, a11);
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/**
 * The GEMM's own 4×8 register tile (gemm.ts microKernel) over 64-deep panels that stay in L1, `iterations` times
 * (4096 flops each): the ceiling the full GEMM approaches, loads included, for this CPU and build.
 * scratch needs 3 KiB; its contents do not matter.
 */
export function tilePeak(iterations: i32, scratch: usize): f32 {
  const ap = scratch, bp = scratch + 64 * 4 * 4, c = bp + 64 * 8 * 4;
  for (let i = 0; i < iterations; i++) microKernel(ap, bp, 64, c, 32, i > 0, 0);
  return load<f32>(c);
}
