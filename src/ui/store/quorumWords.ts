// Pure. What N, W and R mean in plain words, and how the sliders keep them in bounds. No React
// and no cluster here, so the page's wording is pinned by a unit test.

export interface Quorum {
  readonly n: number;
  readonly w: number;
  readonly r: number;
}

/**
 * The plain-words lines for a quorum, most important first. Each line states only what holds
 * for these numbers (Dynamo §4.5; the chapter's "W + R > N" rule). With sloppy quorum on,
 * fallbacks outside the first N can count toward W, so the overlap promise holds only while
 * no replica is down or cut off: the first line says so.
 */
export function quorumWords(q: Quorum, sloppyQuorum: boolean): string[] {
  const lines: string[] = [];
  if (q.w + q.r > q.n) {
    const overlap = 'W + R > N: every read quorum overlaps every write quorum, so a read sees the last completed write';
    lines.push(sloppyQuorum ? `${overlap} … except during failures, when fallbacks stand in` : overlap);
  } else {
    lines.push('W + R ≤ N: reads may be stale');
  }
  if (q.r === 1 && q.w === q.n) lines.push('R = 1, W = N: fast reads');
  if (q.r === q.n && q.w === 1) lines.push('R = N, W = 1: fast writes');
  return lines;
}

/**
 * The quorum after one slider moved, kept in bounds: 1 ≤ N ≤ nodeCount and 1 ≤ W, R ≤ N.
 * Lowering N pulls W and R down with it rather than refusing, so a drag never gets stuck.
 */
export function moveQuorum(current: Quorum, field: keyof Quorum, value: number, nodeCount: number): Quorum {
  const whole = Math.round(value);
  const n = field === 'n' ? clamp(whole, 1, Math.max(1, nodeCount)) : current.n;
  const w = clamp(field === 'w' ? whole : current.w, 1, n);
  const r = clamp(field === 'r' ? whole : current.r, 1, n);
  return { n, w, r };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
