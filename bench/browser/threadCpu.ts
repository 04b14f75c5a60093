// CPU time per thread of a process tree, read from Linux's /proc: the figure that stays meaningful
// on a busy machine, where requests per second mostly measure how often the scheduler lets the
// browser's threads run. Elsewhere (no /proc) it reports nothing.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks are 10 ms on every Linux this runs on (USER_HZ = 100). */
const msPerTick = 10;

function parentsOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    const pid = Number(d);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return children;
}

/** CPU ms so far of every thread under `root`, keyed `name:tid`. Empty without /proc. */
export function threadCpuMs(root: number): Map<string, number> {
  const out = new Map<string, number>();
  let children: Map<number, number[]>;
  try {
    children = parentsOf();
  } catch {
    return out;
  }
  const walk = (pid: number) => {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${name}:${tid}`, (Number(fields[11]) + Number(fields[12])) * msPerTick);
      }
    } catch {
      // The process ended meanwhile.
    }
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** CPU ms each thread used between two readings, busiest first, idle threads left out. */
export function cpuBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): [string, number][] {
  return [...after]
    .map(([k, v]): [string, number] => [k, v - (before.get(k) ?? 0)])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]);
}

/**
 * One line: CPU µs per operation in all, in the node workers, in the busiest other thread (the
 * page's main thread when it is the busiest) and in the rest.
 */
export function cpuPerOp(used: readonly [string, number][], ops: number): string {
  if (used.length === 0 || ops === 0) return 'CPU per op: not measured (no /proc)';
  const us = (ms: number) => `${((ms * 1000) / ops).toFixed(0)} µs`;
  const total = used.reduce((t, [, v]) => t + v, 0);
  const workers = used.filter(([k]) => k.startsWith('DedicatedWorker')).reduce((t, [, v]) => t + v, 0);
  const others = used.filter(([k]) => !k.startsWith('DedicatedWorker'));
  const [busiestName, busiest] = others[0] ?? ['none', 0];
  return `CPU per op ${us(total)}: node workers ${us(workers)}, busiest other thread (${busiestName.split(':')[0]}) ${us(busiest)}, rest ${us(total - workers - busiest)}`;
}

/**
 * What the CPU alone allows at this cost per operation: all cores busy, or the busiest single
 * thread busy (a thread cannot use more than one core). Either bound caps ops/s whatever the
 * latency, so a goal above it needs cheaper operations, not more of them in flight.
 */
export function cpuBound(used: readonly [string, number][], ops: number, cores: number): string {
  if (used.length === 0 || ops === 0) return 'CPU bound: not measured (no /proc)';
  const total = used.reduce((t, [, v]) => t + v, 0);
  const [busiestName, busiest] = used[0] ?? ['none', 0];
  const perSec = (ms: number) => ((ops * 1000) / Math.max(ms, 1e-9)).toFixed(0);
  return `CPU bound: at this cost, ${cores} cores allow at most ${perSec(total / cores)}/s; the busiest thread (${busiestName.split(':')[0]}) alone allows ${perSec(busiest)}/s`;
}
