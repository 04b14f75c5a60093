/**
 * Simulated clients. Each one runs its operations one at a time, in order, and remembers the
 * context of its last successful reply per key, which it sends with its next put or delete to
 * that key unless the step is blind or names its own context. A failed reply changes nothing; a not-found (a get with no
 * versions) gives an empty context. Every operation becomes a history record for the checker.
 */
import type { ClientOp, ClientReply } from '../core/clientApi';
import type { ClientId, NodeId, RequestId } from '../core/ids';
import { clientId as toClientId, requestId as toRequestId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { Random } from '../core/prng';
import { randomInt } from '../core/prng';
import type { Clock } from '../core/versions/vectorClock';
import { emptyClock } from '../core/versions/vectorClock';
import type { OpRecord } from '../check/history';
import type { QueueHandle } from '../core/timedQueue';
import type { SimCluster } from './simCluster';
import { completeRecord, recordVersions } from './historyRecord';
import { KeyNames } from './keyNames';
import type { Version } from '../core/versions/version';

/** What a step or the workload asks a client to do. */
export interface ClientCall {
  readonly op: 'put' | 'get' | 'delete';
  readonly key: string;
  readonly value?: JsonValue;
  readonly via?: string | undefined;
  readonly w?: number | undefined;
  readonly r?: number | undefined;
  readonly blind?: boolean | undefined;
  /** Sent instead of the remembered context (a reconcile writes back the context its get read). */
  readonly context?: Clock | undefined;
}

/** Calls queued behind a busy client; past it further calls are skipped and counted. */
export const maxQueuedCalls = 10_000;
/** History records kept; past it further calls are skipped and counted (the report's skippedCalls). */
export const maxHistory = 2_000_000;

/** A call waiting behind the client's request in flight, with when it was made. */
interface QueuedCall {
  readonly call: ClientCall;
  readonly at: number;
}

interface ClientState {
  readonly id: ClientId;
  readonly contexts: Map<string, Clock>;
  readonly queue: QueuedCall[];
  inFlight: { readonly reqId: RequestId; readonly index: number; readonly timeout: QueueHandle } | null;
  /**
   * Gives up on the request in flight: what its timeout runs. Made once per client rather than
   * once per request; an answer cancels the timeout, so when it runs, the request in flight is
   * still the one it was set for.
   */
  giveUp: () => void;
}

export class SimClients {
  private readonly clients = new Map<string, ClientState>();
  private readonly byRequest = new Map<RequestId, ClientState>();
  private readonly records: OpRecord[] = [];
  /**
   * Per record, by index: the versions its reply carried, until the history is read and they
   * become the record's `versions`. A long run's history holds every sibling every get saw;
   * made as replies land, their records (and a display clock each) lived through the run's
   * young collections, each of which copies what survives. Versions are immutable, so holding
   * the reply's own costs nothing until then: the heap live after 25 simulated seconds of the
   * bench's workload went from 69 to 58 MB.
   */
  private readonly seen: (readonly Version[] | Version | null)[] = [];
  private nextReqId = 1;
  skippedCalls = 0;
  /** The names of the keys workloads draw, shared by every workload of the run (keyNames.ts). */
  readonly keyNames = new KeyNames();

  constructor(
    private readonly cluster: SimCluster,
    private readonly random: Random,
  ) {
    cluster.clientOf = (reply) => this.byRequest.get(reply.reqId)?.id;
    cluster.onClientReply = (_client, reply) => this.onReply(reply);
  }

  call(client: string, c: ClientCall): void {
    const state = this.clientNamed(client);
    if (state.queue.length >= maxQueuedCalls || this.records.length >= maxHistory) {
      this.skippedCalls++;
      return;
    }
    // An idle client sends at once; the queue holds only calls that wait.
    if (state.inFlight === null) this.invoke(state, c);
    else state.queue.push({ call: c, at: this.cluster.now });
  }

  /**
   * Operations still open at the end are recorded as failed with `timeout` (indefinite): those
   * in flight, and those still waiting behind them (from when they were asked for, never sent).
   */
  history(): OpRecord[] {
    const now = this.cluster.now;
    const seen = this.seen;
    for (let i = 0; i < seen.length; i++) {
      const versions = seen[i];
      if (versions == null) continue;
      (this.records[i] as OpRecord).versions = recordVersions(versions);
      seen[i] = null;
    }
    const out = this.records.map((r) => (r.completeAt < 0 ? { ...r, completeAt: now, ok: false, error: 'timeout' as const } : r));
    for (const state of this.clients.values()) {
      for (const { call, at } of state.queue) {
        const rec = newRecord(out.length + 1, state.id, call, this.contextFor(state, call), at);
        out.push({ ...rec, completeAt: now, error: 'timeout' });
      }
    }
    return out;
  }

  private clientNamed(name: string): ClientState {
    let state = this.clients.get(name);
    if (state === undefined) {
      const s: ClientState = { id: toClientId(name), contexts: new Map(), queue: [], inFlight: null, giveUp: () => undefined };
      s.giveUp = () => {
        if (s.inFlight !== null) this.onReply({ reqId: s.inFlight.reqId, ok: false, error: 'timeout', message: 'no answer from the node', coordinator: null });
      };
      state = s;
      this.clients.set(name, state);
    }
    return state;
  }

  private invoke(state: ClientState, c: ClientCall): void {
    const reqId = toRequestId(this.nextReqId++);
    const context = this.contextFor(state, c);
    const op = clientOp(c, context);
    const index = this.records.length;
    const rec = newRecord(index + 1, state.id, c, context, this.cluster.now);
    this.records.push(rec);
    this.seen.push(null);
    this.byRequest.set(reqId, state);
    const via = this.pickVia(c.via);
    if (this.cluster.tracing) this.cluster.traceHost(state.id, { type: 'clientRequest', client: state.id, reqId, op: c.op, key: c.key });
    if (!this.cluster.isMember(via)) {
      // A node the cluster does not have (one that left, say): refused, definitely, with
      // nothing sent; answered as an event of its own, as every reply is.
      const refuse = this.cluster.schedule(0, () => this.onReply({ reqId, ok: false, error: 'invalid', message: `unknown node ${via}: it is not a member of the cluster`, coordinator: null }));
      state.inFlight = { reqId, index, timeout: refuse };
      return;
    }
    this.cluster.sendFromClient(via, { reqId, client: state.id, op });
    // A request to a dead node gets no answer: the client gives up after the coordinator's
    // timeout, twice for a forward, plus margin for the hops. An answer cancels the wait.
    const timeout = this.cluster.schedule(this.cluster.settings.requestTimeoutMs * 3, state.giveUp);
    state.inFlight = { reqId, index, timeout };
  }

  private onReply(reply: ClientReply): void {
    const state = this.byRequest.get(reply.reqId);
    if (state?.inFlight?.reqId !== reply.reqId) return;
    this.byRequest.delete(reply.reqId);
    this.cluster.cancel(state.inFlight.timeout);
    const rec = this.records[state.inFlight.index];
    if (rec === undefined) return;
    this.seen[state.inFlight.index] = completeRecord(rec, reply, this.cluster.now);
    if (this.cluster.tracing) this.cluster.traceHost(state.id, { type: 'clientReply', client: state.id, reqId: reply.reqId, op: rec.op, key: rec.key, ok: reply.ok, ...(reply.ok ? {} : { error: reply.error }) });
    if (reply.ok) {
      if (reply.kind === 'get') state.contexts.set(rec.key, reply.context);
      else state.contexts.set(rec.key, reply.context);
    }
    state.inFlight = null;
    const next = state.queue.shift();
    if (next !== undefined) this.invoke(state, next.call);
  }

  /**
   * The context a put or delete sends: its own, none when blind, else the one remembered for the
   * key. A get sends none, so it looks nothing up (half the calls, each a lookup in a map of
   * every key the client has used).
   */
  private contextFor(state: ClientState, c: ClientCall): Clock {
    if (c.op === 'get') return emptyClock;
    return c.context ?? (c.blind === true ? {} : (state.contexts.get(c.key) ?? {}));
  }

  /** `via` names a node; absent, any live member is chosen by the seeded RNG. */
  private pickVia(via: string | undefined): NodeId {
    if (via !== undefined) return via as NodeId;
    const pool = this.cluster.clientPool();
    return pool[randomInt(this.random, pool.length)] as NodeId;
  }
}

/**
 * A call's history record, open (completeAt -1) until its reply. Contexts are immutable clocks,
 * shared rather than copied. Literals, not spreads of optional fields: V8 gives each spread
 * object a shape of its own (see src/sim/README.md).
 */
function newRecord(id: number, client: ClientId, c: ClientCall, context: Clock, invokeAt: number): OpRecord {
  return c.op === 'put'
    ? { id, client, op: c.op, key: c.key, value: c.value ?? null, context, coordinator: null, invokeAt, completeAt: -1, ok: false, error: null, versions: [] }
    : { id, client, op: c.op, key: c.key, context: c.op === 'get' ? {} : context, coordinator: null, invokeAt, completeAt: -1, ok: false, error: null, versions: [] };
}

/** The protocol's request for a call, optional fields present only when given. */
function clientOp(c: ClientCall, context: Clock): ClientOp {
  if (c.op === 'get') return c.r !== undefined ? { kind: 'get', key: c.key, r: c.r } : { kind: 'get', key: c.key };
  if (c.op === 'put') {
    const value = c.value ?? null;
    return c.w !== undefined ? { kind: 'put', key: c.key, value, context, w: c.w } : { kind: 'put', key: c.key, value, context };
  }
  return c.w !== undefined ? { kind: 'delete', key: c.key, context, w: c.w } : { kind: 'delete', key: c.key, context };
}
