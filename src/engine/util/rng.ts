// A small seeded random number generator (mulberry32) so that every run, test and figure is reproducible.
// Normal samples use the Box–Muller transform.

export class Rng {
  /** True for a generator that only ever draws 0 (the placeholder weights of a model about to be loaded). */
  readonly drawsOnlyZeros: boolean = false;
  private word: number;
  private spareNormal: number | null = null;

  constructor(seed = 1337) {
    this.word = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.word = (this.word + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample. */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** The generator's state, to save in a checkpoint and resume the same stream. */
  get state(): number {
    return this.word;
  }

  set state(s: number) {
    this.word = s >>> 0;
    this.spareNormal = null;
  }
}
