/**
 * A deterministic stream of integer seeds for tfjs random ops.
 * tfjs seeds each random op independently, so every op that draws gets the next seed of this stream:
 * same initial seed, same sequence of draws, same run (on the cpu backend).
 */
export class SeedStream {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** mulberry32: a 32-bit state PRNG, good enough to derive seeds and Bernoulli draws. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A seed for one tfjs random op. */
  nextSeed(): number {
    return this.nextUint32();
  }

  /** The state, so a checkpoint can resume the same stream. */
  snapshot(): number {
    return this.state;
  }

  static restore(state: number): SeedStream {
    const s = new SeedStream(0);
    s.state = state >>> 0;
    return s;
  }
}
