// A steady workload on the live cluster, as the scenario `workload` step describes one: Poisson
// arrivals at a rate per *simulated* second (so pause stops it and speed scales it), keys drawn
// uniformly or by Zipf, reads with a given probability, unique written values. Randomness is
// seeded. It is open-loop but bounded: at most `maxOutstanding` operations are in flight, and an
// arrival that finds them all busy is skipped and counted, never queued without end. A put to
// a key that already has a put in flight is skipped too: the simulator's client runs one
// request at a time, and one client's concurrent puts from the same context would otherwise
// pile up siblings of its own making until the node refuses the key.
import type { NodeId } from '../core/ids';
import type { Random } from '../core/prng';
import { keySampler, poissonGapMs, workloadValue } from '../core/workloadKeys';
import type { KeyDistribution } from '../core/workloadKeys';
import type { ClientResult, Via } from './liveClient';

export interface LiveWorkloadSpec {
  /** Requests per simulated second, on average. */
  readonly ratePerSec: number;
  readonly keys: number;
  /** Share of requests that are gets; the rest are puts. */
  readonly readFraction: number;
  readonly distribution: KeyDistribution;
  readonly keyPrefix: string;
  readonly valueBytes: number;
  /** The coordinator; absent: a node that is up, chosen by the seeded random. */
  readonly via?: NodeId | undefined;
  /** Simulated ms after which it stops by itself; absent: until stopped. */
  readonly durationMs?: number | undefined;
}

/** What the driver needs of the cluster: its clock, which nodes are up, and a client. */
export interface WorkloadHost {
  now(): number;
  upNodes(): readonly NodeId[];
  readonly client: { readonly id: string; put(key: string, value: string, via: Via): Promise<ClientResult>; get(key: string, via: Via): Promise<ClientResult> };
}

export interface WorkloadStats {
  readonly running: boolean;
  readonly done: number;
  readonly failed: number;
  /** Arrivals dropped: `maxOutstanding` operations in flight, or a put to a key already being put. */
  readonly skipped: number;
  readonly outstanding: number;
  /** The last failure's error and message, as the node gave it. */
  readonly lastError: string | null;
}

/** Operations in flight at most: enough for 500 ops/s at watchable latencies, and bounded. */
export const maxOutstandingDefault = 64;
/** Highest rate the page accepts, in requests per simulated second. */
export const ratePerSecMax = 10_000;
/** Key counts the scenario format accepts. */
export const keysMax = 1_000_000;
/** Real ms between two looks at the simulated clock. */
const pumpEveryMs = 10;
/** A clock jump longer than this (a tab asleep) skips its arrivals at once rather than one by one. */
const catchUpMaxMs = 1_000;

/** Why a workload cannot start, in the words the page shows, or null when it can. */
export function workloadProblem(spec: Pick<LiveWorkloadSpec, 'ratePerSec' | 'keys' | 'readFraction'>): string | null {
  if (!Number.isFinite(spec.ratePerSec) || spec.ratePerSec <= 0) return `The rate must be a number of operations per second above 0 (got ${String(spec.ratePerSec)}).`;
  if (spec.ratePerSec > ratePerSecMax) return `The rate must be at most ${ratePerSecMax} operations per second (got ${spec.ratePerSec}).`;
  if (!Number.isInteger(spec.keys) || spec.keys < 1 || spec.keys > keysMax) return `The key count must be a whole number from 1 to ${keysMax} (got ${String(spec.keys)}).`;
  if (!Number.isFinite(spec.readFraction) || spec.readFraction < 0 || spec.readFraction > 1) return `The read fraction must be between 0 and 1 (got ${String(spec.readFraction)}).`;
  return null;
}

export class LiveWorkload {
  private readonly nextKey: () => number;
  private nextAt: number;
  private readonly startedAt: number;
  private seq = 0;
  private readonly putting = new Set<string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private stats: WorkloadStats = { running: false, done: 0, failed: 0, skipped: 0, outstanding: 0, lastError: null };

  constructor(
    readonly spec: LiveWorkloadSpec,
    private readonly host: WorkloadHost,
    private readonly random: Random,
    private readonly onChange: (stats: WorkloadStats) => void = () => undefined,
    readonly maxOutstanding = maxOutstandingDefault,
  ) {
    const problem = workloadProblem(spec);
    if (problem !== null) throw new RangeError(problem);
    this.nextKey = keySampler(spec.keys, spec.distribution, random);
    this.startedAt = host.now();
    this.nextAt = this.startedAt + poissonGapMs(spec.ratePerSec, random);
  }

  snapshot(): WorkloadStats {
    return this.stats;
  }

  /** Starts looking at the clock every few real ms; `pump` does the work. */
  start(): void {
    if (this.stats.running) return;
    this.update({ running: true });
    this.timer = setInterval(() => this.pump(), pumpEveryMs);
  }

  /** Issues no more; operations in flight still finish and are counted. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.stats.running) this.update({ running: false });
  }

  /** Issues every arrival due by the simulated present; returns how many it sent. */
  pump(): number {
    if (!this.stats.running) return 0;
    const now = this.host.now();
    if (this.spec.durationMs !== undefined && now >= this.startedAt + this.spec.durationMs) {
      this.stop();
      return 0;
    }
    let skipped = 0;
    if (now - this.nextAt > catchUpMaxMs) {
      skipped += Math.round(((now - this.nextAt) * this.spec.ratePerSec) / 1000);
      this.nextAt = now;
    }
    let sent = 0;
    for (; this.nextAt <= now; this.nextAt += poissonGapMs(this.spec.ratePerSec, this.random)) {
      if (this.stats.outstanding + sent < this.maxOutstanding && this.issue()) sent++;
      else skipped++;
    }
    if (sent > 0 || skipped > 0) this.update({ outstanding: this.stats.outstanding + sent, skipped: this.stats.skipped + skipped });
    return sent;
  }

  /** Sends the next operation; false when it is a put to a key with a put in flight. */
  private issue(): boolean {
    const key = `${this.spec.keyPrefix}${this.nextKey()}`;
    const read = this.random() < this.spec.readFraction;
    if (!read && this.putting.has(key)) return false;
    const via = this.spec.via ?? this.pickUp();
    if (!read) this.putting.add(key);
    const op = read ? this.host.client.get(key, via) : this.host.client.put(key, workloadValue(this.host.client.id, ++this.seq, this.spec.valueBytes), via);
    (read ? op : op.finally(() => this.putting.delete(key))).then(
      (r) => this.settle(r.reply.ok ? null : `${r.reply.error}: ${r.reply.message}`),
      (e: unknown) => this.settle(e instanceof Error ? e.message : String(e)),
    );
    return true;
  }

  private pickUp(): Via {
    const up = this.host.upNodes();
    return up[Math.floor(this.random() * up.length)] ?? 'any';
  }

  private settle(error: string | null): void {
    const s = this.stats;
    this.update(error === null ? { outstanding: s.outstanding - 1, done: s.done + 1 } : { outstanding: s.outstanding - 1, failed: s.failed + 1, lastError: error });
  }

  private update(change: Partial<WorkloadStats>): void {
    this.stats = { ...this.stats, ...change };
    this.onChange(this.stats);
  }
}
