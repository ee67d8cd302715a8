// PyTorch's CPU random stream, reproduced: the Mersenne Twister (MT19937) that `torch.manual_seed(s)` seeds, and
// the way torch turns its 32-bit draws into integers (`torch.randint`), uniform floats (`torch.rand`) and normal
// floats (`tensor.normal_`, Box–Muller over blocks of 16). With it our engine can start from exactly the weights
// and see exactly the batches that a PyTorch script draws for a seed, so a training curve can be compared with a
// reference run step for step instead of only "within seed noise". The engine's own generator (rng.ts) stays the
// default everywhere else: it is smaller and its state is one number.

const N = 624;
const M = 397;

export interface TorchGeneratorState {
  words: number[];
  index: number;
}

export class TorchGenerator {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed = 1337) {
    // torch seeds with the 64-bit seed's low 32 bits, then the reference MT19937 initialisation.
    this.mt[0] = Number(BigInt.asUintN(32, BigInt(seed)));
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = Math.imul(1812433253, prev) + i;
    }
  }

  /** The next 32-bit draw (what torch's generator calls random()). */
  random(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** An integer in [0, n), as `torch.randint(n, ...)` draws each element (n < 2^32). */
  int(n: number): number {
    if (!(n >= 1 && n < 2 ** 32)) throw new RangeError(`int(n) needs 1 ≤ n < 2^32, got ${n}`);
    return this.random() % n;
  }

  /** A float32 uniform in [0, 1): the low 24 bits of one draw, as torch's uniform for float tensors. */
  uniform(): number {
    return (this.random() & 0xffffff) / 0x1000000;
  }

  /** Fills `out` like `tensor.uniform_(from, to)` on a float32 CPU tensor: one draw per element, in order. */
  uniformFill(out: Float32Array, from: number, to: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform() * (to - from) + from;
    return out;
  }

  /**
   * Fills `out` like `tensor.normal_(mean, std)` on a contiguous float32 CPU tensor of 16 or more elements: first
   * one uniform per element, then Box–Muller on each block of 16 (element j pairs with j + 8); when the length is
   * not a multiple of 16, the last 16 elements are drawn again and transformed once more.
   */
  normalFill(out: Float32Array, mean: number, std: number): Float32Array {
    const n = out.length;
    if (n < 16) throw new RangeError('normalFill reproduces torch only for 16 or more elements (smaller tensors use another algorithm)');
    for (let i = 0; i < n; i++) out[i] = this.uniform();
    for (let i = 0; i + 16 <= n; i += 16) boxMuller16(out, i, mean, std);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = this.uniform();
      boxMuller16(out, n - 16, mean, std);
    }
    return out;
  }

  /** The whole state, to save in a checkpoint and resume the same stream. */
  get state(): TorchGeneratorState {
    return { words: Array.from(this.mt), index: this.index };
  }

  set state(s: TorchGeneratorState) {
    if (!Array.isArray(s?.words) || s.words.length !== N || !(s.index >= 0 && s.index <= N)) {
      throw new Error('not a saved TorchGenerator state');
    }
    this.mt.set(s.words);
    this.index = s.index;
  }

  /** Refills the 624 words of state (the Mersenne Twister's "twist"). */
  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}

/** Box–Muller on 16 uniforms starting at `at`, in float32 as torch does it. */
function boxMuller16(data: Float32Array, at: number, mean: number, std: number): void {
  const f = Math.fround;
  for (let j = at; j < at + 8; j++) {
    const u1 = f(1 - data[j]);
    const u2 = data[j + 8];
    const radius = f(Math.sqrt(f(-2 * f(Math.log(u1)))));
    const theta = f(2 * Math.PI * u2);
    data[j] = f(f(radius * f(Math.cos(theta))) * std) + mean;
    data[j + 8] = f(f(radius * f(Math.sin(theta))) * std) + mean;
  }
}
