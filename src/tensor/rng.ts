/**
 * The seeded random number generator: the only source of randomness in the project.
 *
 * xoshiro128** (Blackman & Vigna, 2018), 32-bit state words, seeded through splitmix32 so that
 * nearby seeds give unrelated streams. `uniform()` returns a float in [0, 1) with 32 random bits;
 * `normal()` uses Box–Muller. The whole state (four words plus the cached normal) can be read and
 * restored, so a resumed run continues the same stream.
 */
export interface RngState {
  s: [number, number, number, number];
  spare: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    let x = this.seed;
    const next = (): number => {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform float in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  uniformRange(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal N(0, 1), Box–Muller with the second value cached. */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** Writes the four state words to w[0..3], for a kernel that draws from this stream (see dropoutJs). */
  exportWords(w: Int32Array): void {
    w[0] = this.s0;
    w[1] = this.s1;
    w[2] = this.s2;
    w[3] = this.s3;
  }

  /** Continues from the state words a kernel left in w[0..3]. */
  importWords(w: Int32Array): void {
    this.s0 = w[0];
    this.s1 = w[1];
    this.s2 = w[2];
    this.s3 = w[3];
  }

  getState(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  setState(state: RngState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.s.map((w) => w | 0) as [number, number, number, number];
    this.spare = state.spare;
  }

  /** An independent generator derived from this one (e.g. one stream for dropout, one for shuffling). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}
