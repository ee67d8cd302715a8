// WGSL generator for the batched GEMM: out_b = beta·out_b + op(A_b)·op(B_b). Each workgroup computes a BM×BN tile
// of out, stepping through K in BK-deep slabs staged in workgroup memory; each invocation owns a TM×TN block of
// accumulators held as vec4s (the register-blocking of the classic CUDA SGEMM tutorials and tfjs's
// matmul_packed_webgpu). Transposes are folded into the global loads as run-time strides, and the loads are
// mapped so that consecutive invocations read consecutive addresses; keeping transposes out of the variant key
// means 3 pipelines instead of 12 (each costs a compile on first use). Inner loops are unrolled in TypeScript.
import { GROUP_INDEX } from './common.wgsl';

export interface GemmTile {
  readonly bm: number; // tile rows (M)
  readonly bn: number; // tile columns (N)
  readonly bk: number; // slab depth (K)
  readonly tm: number; // rows per invocation (multiple of 4)
  readonly tn: number; // columns per invocation (multiple of 4)
}

export const GEMM_TILES = {
  small: { bm: 32, bn: 32, bk: 16, tm: 4, tn: 4 },
  medium: { bm: 64, bn: 64, bk: 16, tm: 4, tn: 4 },
  large: { bm: 128, bn: 128, bk: 8, tm: 8, tn: 8 },
} as const satisfies Record<string, GemmTile>;

export type GemmTileName = keyof typeof GEMM_TILES;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const LANES = ['x', 'y', 'z', 'w'];

/** scaled: the epilogue variant (MatmulParams.scaleBy), each product times E at its own index before it is stored. */
export function gemmShader(t: GemmTile, scaled = false): string {
  const wgx = t.bn / t.tn, wgy = t.bm / t.tm, threads = wgx * wgy;
  // Rows of the shared slabs are padded by one vec4 so the scattered stores of a warp spread across banks.
  const sa = t.bm + 4, sb = t.bn + 4;
  const loadsA = (t.bm * t.bk) / threads, loadsB = (t.bn * t.bk) / threads;
  // (row-in-tile, k-in-slab) for element e of a slab, chosen so that consecutive e are consecutive in memory:
  // along m when A is stored transposed (K×M), along k otherwise; likewise for B.
  // Each invocation's slab elements (fixed for the whole K loop) and the shared-memory slot each goes to.
  const coords = [
    ...range(loadsA).map((s) => `  let eA${s} = li + ${s * threads}u;
  let rA${s} = select(eA${s} / ${t.bk}u, eA${s} % ${t.bm}u, aAlongM); let kA${s} = select(eA${s} % ${t.bk}u, eA${s} / ${t.bm}u, aAlongM);
  let fA${s} = kA${s} * ${sa}u + rA${s};`),
    ...range(loadsB).map((s) => `  let eB${s} = li + ${s * threads}u;
  let cB${s} = select(eB${s} % ${t.bn}u, eB${s} / ${t.bk}u, bAlongK); let kB${s} = select(eB${s} / ${t.bn}u, eB${s} % ${t.bk}u, bAlongK);
  let fB${s} = kB${s} * ${sb}u + cB${s};`),
  ];
  // The next slab is fetched from global memory into registers before the current one is multiplied, so the
  // loads' latency hides behind the FMAs (software pipelining); past K they read zeros.
  const fetch = (k: string) => [
    ...range(loadsA).map((s) => `    pA${s} = loadA(a0, row0 + rA${s}, ${k} + kA${s});`),
    ...range(loadsB).map((s) => `    pB${s} = loadB(b0, ${k} + kB${s}, col0 + cB${s});`),
  ];
  const declareFetched = [...range(loadsA).map((s) => `  var pA${s} = 0.0;`), ...range(loadsB).map((s) => `  var pB${s} = 0.0;`)];
  const storeFetched = [
    ...range(loadsA).map((s) => `    As[fA${s} / 4u][fA${s} % 4u] = pA${s};`),
    ...range(loadsB).map((s) => `    Bs[fB${s} / 4u][fB${s} % 4u] = pB${s};`),
  ];
  const acc = (i: number, j4: number) => `acc${i}_${j4}`;

  const declare = range(t.tm).flatMap((i) => range(t.tn / 4).map((j4) => `  var ${acc(i, j4)} = vec4f(0.0);`));
  const readA = range(t.tm / 4).map((i4) => `      let a${i4} = As[(kk * ${sa}u + lid.y * ${t.tm}u) / 4u + ${i4}u];`);
  const readB = range(t.tn / 4).map((j4) => `      let b${j4} = Bs[(kk * ${sb}u + lid.x * ${t.tn}u) / 4u + ${j4}u];`);
  const fmas = range(t.tm).flatMap((i) => range(t.tn / 4).map((j4) =>
    `      ${acc(i, j4)} = fma(vec4f(a${Math.floor(i / 4)}.${LANES[i % 4]}), b${j4}, ${acc(i, j4)});`));
  const stores = range(t.tm).map((i) => {
    const cols = range(t.tn).map((j) =>
      `      if (col + ${j}u < u.N) { storeC(p + col + ${j}u, ${acc(i, Math.floor(j / 4))}.${LANES[j % 4]}); }`);
    return `    { let row = row0 + lid.y * ${t.tm}u + ${i}u;
    if (row < u.M) {
      let p = c0 + row * u.ldc;
${cols.join('\n')}
    } }`;
  });

  return GROUP_INDEX + /* wgsl */ `
// A(row, k) = A[a0 + row·aRowStride + k·aKStride]; B(k, col) = B[b0 + k·bKStride + col·bColStride]; C(row, col) =
// C[c0 + row·ldc + col]. Batch entry (o, h), index o·heads + h, starts each operand at offset + o·outer + h·head
// (backend.ts MatrixLayout; packed operands have heads = 1).
struct Params {
  M: u32, N: u32, K: u32, batch0: u32, beta: f32,
  aRowStride: u32, aKStride: u32, bKStride: u32, bColStride: u32, transA: u32, transB: u32, ldc: u32, heads: u32,
  aOffset: u32, aOuter: u32, aHead: u32, bOffset: u32, bOuter: u32, bHead: u32, cOffset: u32, cOuter: u32, cHead: u32,
}
@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
${scaled ? '@group(0) @binding(4) var<storage, read> E: array<f32>;\n' : ''}var<workgroup> As: array<vec4f, ${(t.bk * sa) / 4}>; // As[k][m], row stride ${sa}
var<workgroup> Bs: array<vec4f, ${(t.bk * sb) / 4}>; // Bs[k][n], row stride ${sb}

fn loadA(a0: u32, row: u32, k: u32) -> f32 {
  if (row < u.M && k < u.K) { return A[a0 + row * u.aRowStride + k * u.aKStride]; }
  return 0.0;
}
fn loadB(b0: u32, k: u32, col: u32) -> f32 {
  if (k < u.K && col < u.N) { return B[b0 + k * u.bKStride + col * u.bColStride]; }
  return 0.0;
}
// beta is 0 (overwrite: whatever the buffer held, NaN included, is ignored) or 1 (accumulate).
fn storeC(p: u32, v: f32) {
  ${scaled ? 'C[p] = v * E[p];' : 'if (u.beta != 0.0) { C[p] = C[p] + v; } else { C[p] = v; }'}
}

@compute @workgroup_size(${wgx}, ${wgy})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let batch = wid.z + u.batch0;
  let o = batch / u.heads;
  let h = batch % u.heads;
  let a0 = u.aOffset + o * u.aOuter + h * u.aHead;
  let b0 = u.bOffset + o * u.bOuter + h * u.bHead;
  let c0 = u.cOffset + o * u.cOuter + h * u.cHead;
  let row0 = wid.y * ${t.bm}u;
  let col0 = wid.x * ${t.bn}u;
  let aAlongM = u.transA != 0u;
  let bAlongK = u.transB != 0u;
${coords.join('\n')}
${declare.join('\n')}
${declareFetched.join('\n')}
${fetch('0u').map((l) => l.slice(2)).join('\n')}
  for (var k0 = 0u; k0 < u.K; k0 += ${t.bk}u) {
${storeFetched.join('\n')}
    workgroupBarrier();
${fetch(`(k0 + ${t.bk}u)`).join('\n')}
    for (var kk = 0u; kk < ${t.bk}u; kk++) {
${readA.join('\n')}
${readB.join('\n')}
${fmas.join('\n')}
    }
    workgroupBarrier();
  }
  let col = col0 + lid.x * ${t.tn}u;
${stores.join('\n')}
}`;
}
