/**
 * The scenario's cluster and network sections: who the nodes are and how the store and the
 * links behave. Shape only; cross-field rules (W ≤ N, known node ids) live in checkRules.ts.
 */
import { z } from 'zod';
import type { ConflictMode } from '../core/versions/siblings';
import { maxNodes, nodeIdSchema, positiveMsSchema, quorumSizeSchema } from './fields';
import { latencyModelSchema, simpleLatencySchema } from './latencySchema';

/** How far a node's clock may be off, either way: a day covers every story worth telling. */
const maxClockSkewMs = 86_400_000;

/** A zone's name: short, since the page shows it beside the node. */
export const zoneNameSchema = z.string().min(1).max(32);

/** One store node: its name, the zone (data centre) it sits in, and its relative capacity. */
export const nodeSpecSchema = z
  .strictObject({
    id: nodeIdSchema.describe('The node\'s name, unique in the cluster, e.g. "n1" or "Sx".'),
    zone: zoneNameSchema
      .optional()
      .describe('The zone (data centre) the node sits in. Replicas of a key spread across zones where zones are set.')
      .meta({ defaultText: 'none' }),
    weight: z
      .int()
      .min(1)
      .max(16)
      .default(1)
      .describe('Relative capacity: the node gets `weight × vnodes` virtual nodes on the ring (Dynamo §4.2, heterogeneity).'),
  })
  .meta({ title: 'node' });

/** A map from node id to a clock offset, for the last-write-wins stories. */
export const clockSkewSchema = z.record(nodeIdSchema, z.number().min(-maxClockSkewMs).max(maxClockSkewMs));

/** The autoscaling rule's knobs (src/core/autoscaler.ts); thresholds are per node. */
export const autoscaleSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('Whether the cluster scales itself.'),
  minNodes: z.int().min(1).max(64).default(3).describe('Never fewer nodes than this.'),
  maxNodes: z.int().min(1).max(64).default(8).describe('Never more nodes than this.'),
  upOpsPerSecPerNode: z.number().positive().default(200).describe('Add a node when client operations per second per node stay above this…'),
  upKeysPerNode: z.number().positive().default(1_000_000).describe('… or keys per node stay above this.'),
  downOpsPerSecPerNode: z.number().min(0).default(50).describe('Remove a node when operations per second per node stay below this…'),
  downKeysPerNode: z.number().min(0).default(1_000_000).describe('… and keys per node stay below this.'),
  sustainMs: positiveMsSchema.default(5000).describe('How long load must stay past a threshold before the cluster acts.'),
  cooldownMs: positiveMsSchema.default(10_000).describe('After a decision, how long the cluster waits before judging load again.'),
  checkIntervalMs: positiveMsSchema.default(1000).describe('How often load is sampled.'),
}).refine((a) => a.minNodes <= a.maxNodes, { message: 'minNodes must not be more than maxNodes', path: ['minNodes'] });

export const clusterSchema = z.strictObject({
  nodes: z
    .array(nodeSpecSchema)
    .min(1)
    .max(maxNodes)
    .describe(`The nodes present when the run starts (1 to ${maxNodes}); \`join\` and \`leave\` steps change the set later.`),
  vnodes: z
    .int()
    .min(1)
    .max(1024)
    .default(64)
    .describe('Virtual nodes on the ring per unit of weight. More vnodes spread keys more evenly (Dynamo §4.2).'),
  n: quorumSizeSchema
    .default(3)
    .describe('N: replicas per key, the first N distinct nodes clockwise from the key. At most the number of nodes.'),
  w: quorumSizeSchema
    .default(2)
    .describe('W: durable replica acks a put waits for, the coordinator\'s own included. 1 ≤ W ≤ N.'),
  r: quorumSizeSchema
    .default(2)
    .describe('R: replica replies a get waits for, the coordinator\'s own included. 1 ≤ R ≤ N. W + R > N makes every read see the latest acknowledged write.'),
  sloppyQuorum: z
    .boolean()
    .default(false)
    .describe('Sloppy quorum: when a replica is unreachable, write to the next healthy node with a hint instead (Dynamo §4.6). Chooses availability over consistency.'),
  readRepair: z
    .boolean()
    .default(true)
    .describe('After a get, send the newest versions to replicas that answered with stale ones.'),
  conflicts: z
    .enum(['vclock', 'lww'])
    .default('vclock')
    .describe('"vclock" keeps concurrent writes as siblings for the client to reconcile; "lww" keeps only the one with the latest timestamp and silently loses the others.'),
  requestTimeoutMs: positiveMsSchema
    .max(3_600_000)
    .default(1000)
    .describe('How long a coordinator waits for its quorum before answering `timeout`.'),
  maxSiblings: z
    .int()
    .min(1)
    .max(64)
    .default(16)
    .describe('A put that would leave more siblings than this for one key is refused with `invalid`.'),
  clockSkewMs: clockSkewSchema
    .prefault({})
    .describe(`Per-node clock offsets in ms (±${maxClockSkewMs}), e.g. {"n2": -500}. They shift lww timestamps; nodes not listed are exact.`),
  gossipIntervalMs: positiveMsSchema
    .default(1000)
    .describe('How often each node gossips its membership view to a random peer.'),
  antiEntropyIntervalMs: positiveMsSchema
    .default(10_000)
    .describe('How often each node compares Merkle trees with a replica peer and repairs the differences (Dynamo §4.7).'),
  diskLatency: simpleLatencySchema
    .prefault({ kind: 'fixed', ms: 1 })
    .describe('Time for a commit-log append to become durable; a replica acks a write only after it.'),
  autoscale: autoscaleSchema
    .prefault({})
    .describe('Adds a node when load per node stays high, removes one when it stays low (off unless enabled).'),
});

export const networkSchema = z.strictObject({
  latency: latencyModelSchema
    .prefault({ kind: 'uniform', minMs: 2, maxMs: 8 })
    .describe('One-way delay of every message: one latency model, or an object with one per message class (write, ack, read, response, other).'),
  interZoneLatency: simpleLatencySchema
    .optional()
    .describe('Extra delay added to every message between nodes of different zones.')
    .meta({ defaultText: 'none' }),
  loss: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe('Probability (0 to 1) that any one message is lost on the way.'),
});

// Compile-time proof that the conflict modes are core's.
true satisfies [z.output<typeof clusterSchema>['conflicts']] extends [ConflictMode] ? true : false;
