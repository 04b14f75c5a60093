/**
 * Seeded pseudo-random numbers. Pure: the same seed gives the same sequence on every platform.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand),
 * 128 bits of state seeded through splitmix32 so that nearby seeds give unrelated streams.
 * It passes PractRand to multiple terabytes, needs only 32-bit integer ops (exact in JS),
 * and is fast enough for a per-message latency draw.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a generator from a 32-bit seed. */
export function createRandom(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32's authors recommend a short warm-up after seeding.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Derives an independent stream for a named purpose, so adding draws in one place does not
 * shift every other stream (a latency change must not change which node a workload picks). */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  }
  return splitmix32(h)();
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}
