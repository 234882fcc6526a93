// The synthetic city's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic
// generator, 128 bits of state, passes PractRand to 2^60 bytes) seeded through splitmix32, so
// that one integer seed gives the same city on every machine and Node version. `Math.random` is
// never used. `mix32` is a stateless hash for values derived later from a stored 32-bit seed
// (record fields are drawn when a record is written, not kept in memory for millions of records).

const TWO_POW_32 = 4_294_967_296;

/** A 32-bit finaliser (the "lowbias32" mix by C. Wellons): a good stateless hash of one integer. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) from a 32-bit seed and a stream index, without any state. */
export function hashUnit(seed: number, k: number): number {
  return mix32((seed ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0) / TWO_POW_32;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Any safe integer seed; its high and low 32 bits both count. */
  constructor(seed: number) {
    let s = (seed >>> 0) ^ mix32(Math.floor(seed / TWO_POW_32) >>> 0);
    const next = (): number => {
      // splitmix32: spreads one word of seed over the four words of state.
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i += 1) this.uint32();
  }

  /** A new generator for an independent purpose, so that adding draws to one part of the city
   * does not shift every value drawn after it elsewhere. */
  fork(label: number): Random {
    return new Random(this.uint32() * 0x100000 + (label & 0xfffff));
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /**
   * A Poisson count with mean `lambda`, by inversion: exact, and fast for the small means a
   * subject's yearly record count has. Large means (never used here) fall back to a normal
   * approximation, rounded and clamped at zero.
   */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) {
      const u = Math.max(this.float(), Number.MIN_VALUE);
      const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal));
    }
    let k = 0;
    let p = Math.exp(-lambda);
    let cumulative = p;
    const u = this.float();
    while (u > cumulative && k < 200) {
      k += 1;
      p *= lambda / k;
      cumulative += p;
    }
    return k;
  }

  /** Log-uniform between min and max (both > 0): as many values in 1..10 as in 10..100. */
  logUniform(min: number, max: number): number {
    return min * Math.exp(this.float() * Math.log(max / min));
  }
}

/**
 * Draws indices with given weights by binary search over the cumulative weights: O(log n) per
 * draw with no allocation, which is all the tables here (at most a few hundred entries) need.
 */
export class WeightedTable {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new RangeError('a weighted table needs at least one weight');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0)) throw new RangeError(`weight ${i} is ${w}; weights must be non-negative`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError('a weighted table needs a positive total weight');
    this.total = sum;
  }

  get size(): number {
    return this.cumulative.length;
  }

  /** The index for a uniform number u in [0, 1). */
  indexAt(u: number): number {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  draw(random: Random): number {
    return this.indexAt(random.float());
  }
}
