// The heaviest functions of a Chromium CPU profile by self time: shared by the profiling aids.

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
export interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** The `n` heaviest functions of a CPU profile by self time, as lines `12.3% name file:line`. */
export function top(profile: Profile, n: number): string[] {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parentOf = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parentOf.set(c, x.id);
  const counts = new Map<number, number>();
  for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  let total = 0;
  for (const [id, c] of counts) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const f = node.callFrame;
    // Native calls are named after their caller, so postMessage of frames and of traces differ.
    const caller = f.url === '' && parentOf.get(id) !== undefined ? byId.get(parentOf.get(id) ?? -1)?.callFrame : undefined;
    const where = caller === undefined ? '' : ` ← ${caller.functionName || '(anon)'}:${caller.lineNumber + 1}`;
    const name = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}${where}`;
    self.set(name, (self.get(name) ?? 0) + c);
    total += c;
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, c]) => `${((c * 100) / total).toFixed(1).padStart(5)}% ${k}`);
}


/** The `n` heaviest functions by total time (self and callees; a function counted once per sample). */
export function topInclusive(profile: Profile, n: number): string[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const parentOf = new Map<number, number>();
  for (const x of profile.nodes) for (const c of x.children ?? []) parentOf.set(c, x.id);
  const total = new Map<string, number>();
  for (const s of profile.samples) {
    const seen = new Set<string>();
    for (let id: number | undefined = s; id !== undefined; id = parentOf.get(id)) {
      const f = byId.get(id)?.callFrame;
      if (f === undefined || f.url === '') continue;
      const name = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + 1);
    }
  }
  const all = profile.samples.length;
  return [...total].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, c]) => `${((c * 100) / all).toFixed(1).padStart(5)}% ${k}`);
}
