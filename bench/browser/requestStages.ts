// Where a request's latency goes, read from the trace the page already keeps: each put or get is
// cut into the stages of its path (client → coordinator, the coordinator's own write, the hop to
// a replica, the replica's write or read, the answer back, quorum → client), each the time
// between two trace events of the same request. Pure: events in, quantiles out.
import type { TraceEvent } from '../../src/core/trace';
import { quantile } from './quantile';

type Op = 'put' | 'get';

/** Each stage's durations (ms), in path order; a request lacking a stage's two events adds nothing to it. */
export type StageTimes = [stage: string, durations: number[]][];

const putStages = ['client → coordinator', "coordinator's own write", 'coordinator → replica', "replica's write", 'replica → coordinator (ack)', 'first ack → quorum', 'quorum → client'] as const;
const getStages = ['client → coordinator', 'coordinator → replica', "replica's read", 'replica → coordinator (reply)', 'first reply → quorum', 'quorum → client'] as const;

export function requestStages(events: readonly TraceEvent[], op: Op): StageTimes {
  const byRequest = new Map<number, TraceEvent[]>();
  for (const e of events) {
    if (!('reqId' in e) || e.reqId === undefined) continue;
    const list = byRequest.get(e.reqId) ?? [];
    list.push(e);
    byRequest.set(e.reqId, list);
  }
  const names: readonly string[] = op === 'put' ? putStages : getStages;
  const times = new Map<string, number[]>(names.map((n) => [n, []]));
  const add = (stage: string, from: TraceEvent | undefined, to: TraceEvent | undefined): void => {
    if (from !== undefined && to !== undefined) times.get(stage)?.push(to.at - from.at);
  };
  for (const list of byRequest.values()) {
    const request = list.find((e) => e.type === 'clientRequest' && e.op === op && isClientLane(e));
    const coordinate = list.find((e) => e.type === 'coordinate');
    const reply = list.find((e) => e.type === 'clientReply');
    if (request === undefined || coordinate === undefined || reply === undefined) continue;
    const coordinator = coordinate.node;
    const quorum = list.find((e) => e.type === 'quorum' && e.node === coordinator);
    const toReplica = op === 'put' ? 'replicaWrite' : 'replicaRead';
    const fromReplica = op === 'put' ? 'replicaWriteAck' : 'replicaReadReply';
    // The first replica to answer, followed from the coordinator's send to its answer's arrival.
    const answers = list.filter((e) => e.type === 'deliver' && e.msg === fromReplica && e.node === coordinator);
    const firstAnswer = answers[0];
    const replica = firstAnswer?.type === 'deliver' ? firstAnswer.from : undefined;
    const sent = list.find((e) => e.type === 'send' && e.msg === toReplica && e.node === coordinator && e.to === replica);
    const arrived = list.find((e) => e.type === 'deliver' && e.msg === toReplica && e.node === replica);
    const answered = list.find((e) => e.type === 'send' && e.msg === fromReplica && e.node === replica);
    add('client → coordinator', request, coordinate);
    if (op === 'put') {
      const ownWrite = list.find((e) => (e.type === 'versionStored' || e.type === 'hintStored') && e.node === coordinator);
      add("coordinator's own write", coordinate, ownWrite);
      add("replica's write", arrived, answered);
      add('replica → coordinator (ack)', answered, firstAnswer);
      add('first ack → quorum', firstAnswer, quorum);
    } else {
      add("replica's read", arrived, answered);
      add('replica → coordinator (reply)', answered, firstAnswer);
      add('first reply → quorum', firstAnswer, quorum);
    }
    add('coordinator → replica', sent, arrived);
    add('quorum → client', quorum, reply);
  }
  return names.map((n) => [n, times.get(n) ?? []]);
}

/** The page's client lanes stamp clientRequest too; so does the coordinator on arrival. */
function isClientLane(e: TraceEvent & { type: 'clientRequest' }): boolean {
  return e.node === e.client;
}

/** One line per stage: count, p50 and p90 in ms. */
export function describeStages(stages: StageTimes): string[] {
  return stages.map(([name, ds]) => {
    const sorted = [...ds].sort((a, b) => a - b);
    return `${name.padEnd(30)} n=${String(sorted.length).padStart(5)}  p50 ${quantile(sorted, 0.5).toFixed(1).padStart(6)} ms  p90 ${quantile(sorted, 0.9).toFixed(1).padStart(6)} ms`;
  });
}
