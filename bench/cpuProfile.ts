/**
 * An in-process CPU profile through node:inspector, summarised as the functions with the most
 * self time: enough to see where a benchmark's time goes without a separate tool.
 */
import { Session } from 'node:inspector';
import type { Profiler } from 'node:inspector';

/** Self time by where the code lives: which layer of the system the time goes to. */
export interface ProfileSummary {
  /** The top functions by self time, as "name (file) 12.3%". */
  readonly top: string[];
  /** Self time per area (folder under src/, or the engine's own work), as "core/storage 41.0%". */
  readonly areas: string[];
}

/** A started profile; `stop` summarises it with the top `count` functions. */
export function startCpuProfile(): { stop(count: number): ProfileSummary } {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  return {
    stop(count) {
      let result: ProfileSummary = { top: [], areas: [] };
      // The inspector session answers synchronously in-process, so the callback runs before post returns.
      session.post('Profiler.stop', (err, res) => {
        if (err === null) result = { top: topSelfTime(res.profile, count, nameOfFrame), areas: topSelfTime(res.profile, 8, areaOfFrame) };
      });
      session.disconnect();
      return result;
    },
  };
}

type FrameLabel = (frame: Profiler.ProfileNode['callFrame']) => string;

const nameOfFrame: FrameLabel = (f) => {
  const file = f.url.split('/').pop() ?? '';
  return `${f.functionName || '(anonymous)'}${file === '' ? '' : ` (${file})`}`;
};

/** `src/core/storage/x.ts` → `core/storage`; V8's own entries ("(garbage collector)") keep their name. */
const areaOfFrame: FrameLabel = (f) => {
  const m = /\/src\/([^/]+(?:\/[^/]+)?)\/[^/]+$/.exec(f.url);
  if (m !== null) return m[1] ?? 'src';
  if (f.url === '') return f.functionName.startsWith('(') ? f.functionName : 'V8 built-ins';
  return f.url.includes('/node_modules/') ? 'libraries' : f.url.startsWith('node:') ? 'Node' : 'other';
};

function topSelfTime(p: Profiler.Profile, count: number, label: FrameLabel): string[] {
  const nameOf = new Map<number, string>();
  for (const n of p.nodes) nameOf.set(n.id, label(n.callFrame));
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
