// A window hook for end-to-end tests and curious people at the console: it calls the same
// store commands as the page (bulk puts would take minutes through the form). No logic of its own.
import type { NodeId } from '../core/ids';
import { nodeId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { TraceEvent } from '../core/trace';
import type { ClockState, NodeInspection } from '../runtime/workerProtocol';
import { client, commands, currentCluster } from './store/clusterStore';

export interface RinglabTestHook {
  /** Puts every key (value = `value-<key>`) concurrently; resolves with how many succeeded. */
  putMany(keys: readonly string[]): Promise<number>;
  /** Puts every key (value = `value-<key>`) concurrently; resolves with the keys acknowledged. */
  putAcked(keys: readonly string[]): Promise<string[]>;
  /** Gets every key; resolves with the keys whose read succeeded with a live (non-deleted) value. */
  getMany(keys: readonly string[]): Promise<string[]>;
  /** Gets every key; resolves with each read key's live values (absent if its read failed). */
  valuesOf(keys: readonly string[]): Promise<Record<string, JsonValue[]>>;
  /**
   * Runs one op per key with at most `concurrency` in flight, as fast as the cluster answers;
   * resolves with the successes and each op's latency in simulated ms (for bench/browser).
   */
  timed(op: 'put' | 'get', keys: readonly string[], concurrency: number): Promise<{ ok: number; latenciesMs: number[] }>;
  replicasOf(key: string): NodeId[];
  inspect(id: string): Promise<NodeInspection | null>;
  traceEvents(): TraceEvent[];
  /** Every trace event the page received, exactly (the page's counter publishes a few times a second). */
  traceTotal(): number;
  /** The cluster's clock as the page last set it (null before the cluster opens). */
  clock(): ClockState | null;
  kill(id: string): void;
  restart(id: string): void;
}

declare global {
  interface Window {
    __ringlab?: RinglabTestHook;
  }
}

export function installTestHook(): void {
  window.__ringlab = {
    async putMany(keys) {
      const results = await Promise.all(keys.map((key) => client.put(key, `value-${key}`, 'any')));
      return results.filter((r) => r?.reply.ok === true).length;
    },
    async putAcked(keys) {
      const results = await Promise.all(keys.map((key) => client.put(key, `value-${key}`, 'any')));
      return results.flatMap((r) => (r?.reply.ok === true ? [r.key] : []));
    },
    async getMany(keys) {
      const results = await Promise.all(keys.map((key) => client.get(key, 'any')));
      return results.flatMap((r) => (r !== null && r.reply.ok && r.reply.kind === 'get' && r.reply.versions.some((v) => !v.deleted) ? [r.key] : []));
    },
    async valuesOf(keys) {
      const results = await Promise.all(keys.map((key) => client.get(key, 'any')));
      return Object.fromEntries(results.flatMap((r) => (r !== null && r.reply.ok && r.reply.kind === 'get' ? [[r.key, r.reply.versions.filter((v) => !v.deleted).map((v) => v.value)]] : [])));
    },
    async timed(op, keys, concurrency) {
      // Straight to the cluster's client: the page's result list would make the benchmark
      // measure React re-rendering.
      const c = currentCluster();
      if (c === null) return { ok: 0, latenciesMs: [] };
      let next = 0;
      let ok = 0;
      const latenciesMs: number[] = [];
      const lane = async () => {
        for (let i = next++; i < keys.length; i = next++) {
          const key = keys[i] ?? '';
          const r = op === 'put' ? await c.client.put(key, `value-${key}`, 'any') : await c.client.get(key, 'any');
          if (r.reply.ok) ok++;
          latenciesMs.push(r.latencyMs);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
      return { ok, latenciesMs };
    },
    replicasOf: (key) => [...(currentCluster()?.replicasOf(key) ?? [])],
    inspect: async (id) => (await currentCluster()?.inspect(nodeId(id))) ?? null,
    traceEvents: () => currentCluster()?.trace.events() ?? [],
    traceTotal: () => currentCluster()?.trace.total ?? 0,
    clock: () => currentCluster()?.snapshot().clock ?? null,
    kill: (id) => commands.kill(nodeId(id)),
    restart: (id) => commands.restart(nodeId(id)),
  };
}
