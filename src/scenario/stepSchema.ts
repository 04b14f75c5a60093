/**
 * The scenario's steps: what happens at each moment of simulated time, one discriminated union
 * on `do`. Shape only; whether the nodes named exist at that moment is checked in checkRules.ts.
 */
import { z } from 'zod';
import { clientNameSchema, nodeIdSchema, quorumSizeSchema, simulatedMsSchema } from './fields';
import { clockSkewSchema, nodeSpecSchema, zoneNameSchema } from './clusterSchema';
import { latencyModelSchema, simpleLatencySchema } from './latencySchema';

/** Requests one workload step may issue: enough to load a cluster, bounded so a run stays bounded. */
export const maxWorkloadRequests = 1_000_000;

const at = simulatedMsSchema.describe('When the step happens, in simulated ms since the start. Steps with the same `at` run in array order.');
const client = clientNameSchema
  .prefault('c1')
  .describe('The client making the request. Each client runs its requests one at a time, in order, and remembers the context of its last successful reply per key.');
const key = z.string().describe('The key. Any string: one over the size limit reaches the node, which answers `invalid`.');
const via = nodeIdSchema
  .optional()
  .describe('The node the client sends the request to (the coordinator, or a node that forwards to one).')
  .meta({ defaultText: 'any node, chosen by the seeded RNG' });
const blind = z
  .boolean()
  .default(false)
  .describe('Send an empty context instead of the last one seen, as a client that never read the key would.');
const context = z
  .record(nodeIdSchema, z.int().min(0))
  .optional()
  .describe('The context to send, as a vector clock {node: counter}: what a client reconciling siblings read earlier writes back.')
  .meta({ defaultText: 'the last one this client saw for the key' });
const requestW = quorumSizeSchema
  .optional()
  .describe('W for this request only; at most the N in force.')
  .meta({ defaultText: "the cluster's W" });
const node = nodeIdSchema.describe('The node this step acts on.');

const putStep = z.strictObject({
  at,
  do: z.literal('put').describe('Write a value under a key.'),
  client,
  key,
  value: z.json().describe('The value, a JSON value of every kind (string, number, list, object...). Over the size limit, the node answers `invalid`.'),
  via,
  w: requestW,
  blind,
  context,
});

const getStep = z.strictObject({
  at,
  do: z.literal('get').describe('Read a key: every sibling, and a context to write back with.'),
  client,
  key,
  via,
  r: quorumSizeSchema
    .optional()
    .describe('R for this request only; at most the N in force.')
    .meta({ defaultText: "the cluster's R" }),
});

const deleteStep = z.strictObject({
  at,
  do: z.literal('delete').describe('Delete a key: writes a tombstone version, with a context like a put.'),
  client,
  key,
  via,
  w: requestW,
  blind,
  context,
});

const nodeStep = <K extends 'kill' | 'restart' | 'wipe'>(kind: K, what: string) =>
  z.strictObject({ at, do: z.literal(kind).describe(what), node });

const oneWay = z
  .boolean()
  .default(false)
  .describe('Only the direction from `from` to `to`; the other direction is left as it is.');

const linkStep = <K extends 'cut' | 'heal'>(kind: K, what: string) =>
  z.strictObject({
    at,
    do: z.literal(kind).describe(what),
    from: nodeIdSchema.describe('One end of the link.'),
    to: nodeIdSchema.describe('The other end of the link.'),
    oneWay,
  });

const setStep = z
  .strictObject({
    at,
    do: z.literal('set').describe('Change settings while the cluster runs. Name at least one field.'),
    n: quorumSizeSchema.optional().describe('New N.').meta({ defaultText: 'unchanged' }),
    w: quorumSizeSchema.optional().describe('New W.').meta({ defaultText: 'unchanged' }),
    r: quorumSizeSchema.optional().describe('New R.').meta({ defaultText: 'unchanged' }),
    sloppyQuorum: z.boolean().optional().describe('Turn sloppy quorum on or off.').meta({ defaultText: 'unchanged' }),
    readRepair: z.boolean().optional().describe('Turn read repair on or off.').meta({ defaultText: 'unchanged' }),
    conflicts: z
      .enum(['vclock', 'lww'])
      .optional()
      .describe('New conflict mode. A node folds its log and merges siblings by it, so every live node restarts to take it up (as after a kill and restart).')
      .meta({ defaultText: 'unchanged' }),
    clockSkewMs: clockSkewSchema
      .optional()
      .describe('New clock offsets for the nodes named; other nodes keep theirs.')
      .meta({ defaultText: 'unchanged' }),
  })
  .refine(
    (s) =>
      s.n !== undefined ||
      s.w !== undefined ||
      s.r !== undefined ||
      s.sloppyQuorum !== undefined ||
      s.readRepair !== undefined ||
      s.conflicts !== undefined ||
      s.clockSkewMs !== undefined,
    { error: 'a set step changes nothing: name at least one of n, w, r, sloppyQuorum, readRepair, conflicts, clockSkewMs' },
  );

const networkStep = z
  .strictObject({
    at,
    do: z.literal('network').describe('Change the network for messages sent from now on (a message already on its way keeps its delay).'),
    latency: latencyModelSchema.optional().describe('The new latency model, as `network.latency`.').meta({ defaultText: 'unchanged' }),
    loss: z.number().min(0).max(1).optional().describe('The new probability that a message is lost.').meta({ defaultText: 'unchanged' }),
    interZoneLatency: simpleLatencySchema
      .optional()
      .describe('The new delay between zones, as `network.interZoneLatency`; `{"kind": "fixed", "ms": 0}` for none.')
      .meta({ defaultText: 'unchanged' }),
  })
  .refine((s) => s.latency !== undefined || s.loss !== undefined || s.interZoneLatency !== undefined, {
    error: 'a network step changes nothing: name at least one of latency, loss, interZoneLatency',
  });

const workloadStep = z.strictObject({
  at,
  do: z.literal('workload').describe('Generate many requests: gets and puts over a set of keys at a steady rate.'),
  client,
  durationMs: z.number().gt(0).describe('How long the workload runs, in simulated ms.'),
  ratePerSec: z.number().gt(0).describe('Requests per simulated second, on average.'),
  keys: z.int().min(1).max(1_000_000).describe('How many distinct keys it uses: keyPrefix + 0 up to keyPrefix + (keys − 1).'),
  readFraction: z.number().min(0).max(1).default(0.5).describe('Share of requests that are gets; the rest are puts.'),
  distribution: z
    .enum(['uniform', 'zipf'])
    .default('uniform')
    .describe('"uniform": every key equally likely; "zipf": the i-th key about 1/i as likely as the first, a few hot keys.'),
  via,
  valueBytes: z.int().min(0).max(1_048_576).default(100).describe('Size of each value written, in bytes (over the limit, puts answer `invalid`).'),
  keyPrefix: z.string().max(256).default('k').describe('Prefix of the generated keys.'),
});

/**
 * Every kind of step. One union on `do`, so a host's step switch is exhaustive and a new kind
 * fails to compile until every host handles it.
 */
export const stepSchema = z
  .discriminatedUnion('do', [
    putStep,
    getStep,
    deleteStep,
    nodeStep('kill', 'Crash a node: its memory is lost, its disk stays.'),
    nodeStep('restart', 'Start a killed node again; it replays its commit log.'),
    nodeStep('wipe', 'A permanent failure: the node stops and its disk is erased; `restart` brings it back empty.'),
    linkStep('cut', 'Cut the link between two nodes: messages in flight on it and sent later are lost.'),
    linkStep('heal', 'Restore a cut link.'),
    z.strictObject({
      at,
      do: z.literal('partition').describe('Split the network into groups: every link between nodes of different groups is cut. A node named in no group is cut off from every other node.'),
      groups: z
        .array(z.array(nodeIdSchema).min(1))
        .min(1)
        .describe('The groups, e.g. [["n1","n2"],["n3"]]. A node may be in one group at most.'),
    }),
    z.strictObject({ at, do: z.literal('healAll').describe('Heal every cut link and partition.') }),
    z.strictObject({
      at,
      do: z.literal('join').describe('Add a new node; it takes its share of the ring and the keys that move to it.'),
      node: nodeSpecSchema.describe('The new node; its id must not be in the cluster already.'),
    }),
    z.strictObject({
      at,
      do: z.literal('leave').describe('Remove a node for good; its keys move to the nodes that now own them.'),
      node,
    }),
    z.strictObject({
      at,
      do: z
        .literal('zone')
        .describe('Move a node to another zone (data centre): replicas spread across zones again, and the keys whose replicas change stream to their new owners.'),
      node,
      zone: zoneNameSchema.optional().describe('The zone the node moves to.').meta({ defaultText: 'none: the node is its own failure domain' }),
    }),
    setStep,
    networkStep,
    workloadStep,
  ])
  .meta({ title: 'step' });

/** The names of the step kinds, in the order the docs list them. */
export const stepKinds = stepSchema.options.map((option) => option.shape.do.value);
