/** The readable summary `npm run sim` prints: what happened, what the checker found. */
import type { Scenario } from '../scenario';
import type { SimReport } from '../sim';

export function formatSummary(file: string, scenario: Scenario, report: SimReport): string {
  const c = report.check;
  const lines: string[] = [];
  const cl = scenario.cluster;
  lines.push(`${file}: ${cl.nodes.length} nodes, N=${cl.n} W=${cl.w} R=${cl.r}, ${cl.conflicts}, ${cl.sloppyQuorum ? 'sloppy' : 'strict'} quorum, read repair ${cl.readRepair ? 'on' : 'off'}, seed ${scenario.seed}, until ${report.until} ms`);
  lines.push(`operations: ${report.history.length} (ok ${c.counts.ok}; invalid ${c.counts.failed.invalid}, unavailable ${c.counts.failed.unavailable}, timeout ${c.counts.failed.timeout}, storage ${c.counts.failed.storage})${report.skippedCalls > 0 ? `; ${report.skippedCalls} calls skipped (a client's queue or the history was full)` : ''}`);
  lines.push(`availability: ${(c.availability * 100).toFixed(2)}%`);
  for (const op of ['put', 'get', 'delete'] as const) {
    const l = c.latencyMs[op];
    if (l.count > 0) lines.push(`latency ${op}: p50 ${fmt(l.p50)} ms, p99 ${fmt(l.p99)} ms, p999 ${fmt(l.p999)} ms (${l.count})`);
  }
  const findings: [string, { ops: number[]; detail: string }[]][] = [
    ['stale reads', c.staleReads],
    ['lost writes', c.lostWrites],
    ['phantom writes', c.phantomWrites],
    ['read-your-writes violations', c.readYourWritesViolations],
    ['monotonic-read violations', c.monotonicReadViolations],
  ];
  for (const [name, list] of findings) {
    lines.push(`${name}: ${list.length}`);
    for (const f of list.slice(0, 5)) lines.push(`  ops ${f.ops.join(', ')}: ${f.detail}`);
    if (list.length > 5) lines.push(`  … and ${list.length - 5} more (see --json)`);
  }
  lines.push(`max siblings: ${c.maxSiblings.count}`);
  lines.push(`messages delivered: ${report.deliveries}; trace events: ${report.traceEvents}; trace digest ${report.traceDigest}`);
  for (const [id, s] of Object.entries(report.nodes)) {
    lines.push(`  ${id}: ${s.alive ? 'up' : 'down'}, ${s.keys} keys, ${s.diskAppends} log appends (${s.diskRecords} records)`);
  }
  return `${lines.join('\n')}\n`;
}

function fmt(n: number | null): string {
  return n === null ? '–' : n.toFixed(1);
}
