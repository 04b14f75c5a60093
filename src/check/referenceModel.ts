// A trivially correct single-copy store, as a history: the baseline the checker must pass.
// Pure and deterministic: the caller supplies the commands (tests generate them with fast-check).
import type { Clock, ErrorKind, FinalState, OpKind, OpRecord, VersionRecord } from './history';

/** One client request to the model, with the timing the caller chose for it. */
export interface ModelCommand {
  op: OpKind;
  key: string;
  client: string;
  /** Coordinator; also the node that mints the dot. */
  node: string;
  /** ms between the previous completion and this invocation; at least 1 keeps ops sequential. */
  gapMs: number;
  latencyMs: number;
  /** A failure to record instead of success. */
  fail?: ErrorKind;
  /** For a failed put or delete with an indefinite error: whether it happened anyway. */
  appliedAnyway?: boolean;
}

/**
 * Runs the commands one after another against a single copy per key. Every write takes the
 * current version's clock as its context, so it dominates everything before it, and its
 * timestamp is its invocation time, so it is also the latest under lww; every get returns the
 * current version. Put values are unique per key (`{ op: id }`), as the phantom check assumes.
 * The final state shows each key's current version on every node named in the commands.
 */
export function runSingleCopyModel(commands: readonly ModelCommand[]): { history: OpRecord[]; final: FinalState } {
  const current = new Map<string, VersionRecord>();
  const counters = new Map<string, number>();
  const nodes = new Set<string>();
  const history: OpRecord[] = [];
  let now = 0;
  commands.forEach((cmd, id) => {
    nodes.add(cmd.node);
    const invokeAt = now + Math.max(1, cmd.gapMs);
    const completeAt = invokeAt + Math.max(0, cmd.latencyMs);
    now = completeAt;
    const latest = current.get(cmd.key);
    const context: Clock = latest === undefined ? {} : { ...latest.clock };
    const base = { id, client: cmd.client, key: cmd.key, coordinator: cmd.node, invokeAt, completeAt };
    if (cmd.op === 'get') {
      const ok = cmd.fail === undefined;
      const versions = ok && latest !== undefined ? [latest] : [];
      history.push({ ...base, op: 'get', context: ok ? context : {}, ok, error: cmd.fail ?? null, versions });
      return;
    }
    const value = cmd.op === 'put' ? { op: id } : null;
    const definite = cmd.fail === 'invalid' || cmd.fail === 'unavailable';
    const applied = cmd.fail === undefined || (!definite && cmd.appliedAnyway === true);
    let written: VersionRecord | undefined;
    if (applied) {
      const counterKey = JSON.stringify([cmd.key, cmd.node]);
      const counter = (counters.get(counterKey) ?? 0) + 1;
      counters.set(counterKey, counter);
      written = {
        value,
        ...(cmd.op === 'delete' ? { deleted: true as const } : {}),
        dot: { node: cmd.node, counter },
        context,
        clock: { ...context, [cmd.node]: counter },
        timestampMs: invokeAt,
      };
      current.set(cmd.key, written);
    }
    const ok = cmd.fail === undefined;
    history.push({
      ...base,
      op: cmd.op,
      ...(cmd.op === 'put' ? { value } : {}),
      context,
      ok,
      error: cmd.fail ?? null,
      versions: ok && written !== undefined ? [written] : [],
    });
  });
  const replicas = [...current].flatMap(([key, v]) => [...nodes].map((node) => ({ node, key, versions: [v] })));
  return { history, final: { replicas } };
}
