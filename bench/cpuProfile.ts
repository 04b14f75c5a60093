/**
 * An in-process CPU profile through node:inspector, summarised as the functions with the most
 * self time: enough to see where a benchmark's time goes without a separate tool.
 */
import { Session } from 'node:inspector';
import type { Profiler } from 'node:inspector';

/** A started profile; `stop` returns the top `count` functions by self time, as "name (file) 12.3%". */
export function startCpuProfile(): { stop(count: number): string[] } {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  return {
    stop(count) {
      let result: string[] = [];
      // The inspector session answers synchronously in-process, so the callback runs before post returns.
      session.post('Profiler.stop', (err, res) => {
        if (err === null) result = topSelfTime(res.profile, count);
      });
      session.disconnect();
      return result;
    },
  };
}

function topSelfTime(p: Profiler.Profile, count: number): string[] {
  const nameOf = new Map<number, string>();
  for (const n of p.nodes) {
    const file = n.callFrame.url.split('/').pop() ?? '';
    nameOf.set(n.id, `${n.callFrame.functionName || '(anonymous)'}${file === '' ? '' : ` (${file})`}`);
  }
  const self = new Map<string, number>();
  let total = 0;
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const dt = deltas[i] ?? 0;
    const name = nameOf.get(id) ?? '?';
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, t]) => `${name} ${((100 * t) / Math.max(1, total)).toFixed(1)}%`);
}
