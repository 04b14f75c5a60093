// The page's client of the live cluster: it picks a coordinator, remembers the context of its
// last reply per key (sent with its next put or delete, as Dynamo's clients do), and measures
// each operation's latency in simulated time. It decides nothing the nodes decide.
import { boundOldestFirst } from '../core/boundedMap';
import type { ClientOp, ClientReply, ClientRequest, OpKind } from '../core/clientApi';
import type { ClientId, NodeId, RequestId } from '../core/ids';
import type { JsonValue } from '../core/json';
import type { HostTraceEvent } from '../core/trace';
import type { Clock } from '../core/versions/vectorClock';

/** What the client needs from the cluster. */
export interface ClientHost {
  now(): number;
  nextRequestId(): RequestId;
  upNodes(): NodeId[];
  sendRequest(to: NodeId, req: ClientRequest): Promise<ClientReply>;
  traceHost(lane: ClientId, e: HostTraceEvent): void;
}

/** "any": the client asks a random node that is up; it forwards if it is not a replica. */
export type Via = NodeId | 'any';

export interface ClientResult {
  readonly op: OpKind;
  readonly key: string;
  /** The node the request was sent to (null when none was up). */
  readonly via: NodeId | null;
  readonly reply: ClientReply;
  /** Simulated ms from the request to its reply. */
  readonly latencyMs: number;
}

/** Contexts remembered at most; past it the oldest tenth is forgotten (their next puts are blind). */
export const clientContextsMax = 10_000;

export class LiveClient {
  private readonly contexts = new Map<string, Clock>();

  constructor(
    private readonly host: ClientHost,
    readonly id: ClientId,
  ) {}

  /**
   * A put sends the remembered context unless the caller passes one: a reconcile writes the
   * merged value with the context of the get that returned the siblings.
   */
  put(key: string, value: JsonValue, via: Via, context?: Clock): Promise<ClientResult> {
    return this.run({ kind: 'put', key, value, context: context ?? this.contexts.get(key) ?? {} }, via);
  }

  get(key: string, via: Via): Promise<ClientResult> {
    return this.run({ kind: 'get', key }, via);
  }

  delete(key: string, via: Via): Promise<ClientResult> {
    return this.run({ kind: 'delete', key, context: this.contexts.get(key) ?? {} }, via);
  }

  forget(): void {
    this.contexts.clear();
  }

  private async run(op: ClientOp, via: Via): Promise<ClientResult> {
    const reqId = this.host.nextRequestId();
    const started = this.host.now();
    const to = this.chooseCoordinator(via);
    this.host.traceHost(this.id, { type: 'clientRequest', client: this.id, reqId, op: op.kind, key: op.key });
    const reply: ClientReply =
      to === null
        ? { reqId, ok: false, error: 'unavailable', message: via === 'any' ? 'no node is up' : `node ${via} is down: the request was not sent`, coordinator: null }
        : await this.host.sendRequest(to, { reqId, client: this.id, op });
    // Two literals rather than a spread of an optional part (once per request; same keys, same order).
    const { kind, key } = op;
    const client = this.id;
    this.host.traceHost(client, reply.ok ? { type: 'clientReply', client, reqId, op: kind, key, ok: true } : { type: 'clientReply', client, reqId, op: kind, key, ok: false, error: reply.error });
    // After a put, the reply's context: the merge of the version written and of every sibling
    // the coordinator returned with it (Riak's return_body), as the simulator's clients keep,
    // so a shared run replays as it ran. The version's own clock left standing the siblings
    // from other coordinators that the reply had shown.
    if (reply.ok) this.remember(op.key, reply.context);
    return { op: op.kind, key: op.key, via: to, reply, latencyMs: this.host.now() - started };
  }

  /** The node a request via `via` goes to now: that node if it is up, else a random up node for "any"; null when none. */
  chooseCoordinator(via: Via): NodeId | null {
    const up = this.host.upNodes();
    if (via !== 'any') return up.includes(via) ? via : null;
    return up[Math.floor(Math.random() * up.length)] ?? null;
  }

  private remember(key: string, context: Clock): void {
    this.contexts.delete(key);
    this.contexts.set(key, context);
    // The oldest tenth at once: one at a time, finding the oldest walked past every entry deleted
    // before it, about 4% of the page's main thread in a get bench over 20,000 keys.
    boundOldestFirst(this.contexts, clientContextsMax);
  }
}
