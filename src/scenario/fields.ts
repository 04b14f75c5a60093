/**
 * Field schemas shared by several parts of the scenario format: names, times and counts.
 * Pure data; each carries its own user-facing error wording so every caller reports alike.
 */
import { z } from 'zod';
import { clientId, nodeId } from '../core/ids';

/**
 * What a node id or client name may look like: short, starting with a letter, and safe to put
 * in a URL, a file name or an SVG id without escaping.
 */
export const namePattern = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

const nameRule = "it must start with a letter and have 1 to 32 letters, digits, '_' or '-'";

function quoted(input: unknown): string {
  return typeof input === 'string' ? `'${input.length > 40 ? `${input.slice(0, 40)}…` : input}'` : String(input);
}

/**
 * A node id as written in a scenario, branded as core's NodeId on the way out so the hosts
 * can hand it to core without a cast.
 */
export const nodeIdSchema = z
  .string()
  .regex(namePattern, { error: (issue) => `${quoted(issue.input)} is not a valid node id: ${nameRule}` })
  // Clocks are plain objects keyed by node id: a node named `constructor` or `toString` would
  // read an inherited function where its counter is absent, and its versions' dots go wrong.
  .refine((s) => !(s in Object.prototype), { error: (issue) => `${quoted(issue.input)} is not a valid node id: every JavaScript object already has a property of that name` })
  .transform((s) => nodeId(s))
  .meta({ title: 'node id' });

/** A client's name, branded as core's ClientId; each name is one client with its own contexts. */
export const clientNameSchema = z
  .string()
  .regex(namePattern, { error: (issue) => `${quoted(issue.input)} is not a valid client name: ${nameRule}` })
  .transform((s) => clientId(s))
  .meta({ title: 'client name' });

/** A moment of simulated time in milliseconds since the run began. */
export const simulatedMsSchema = z.number().min(0);

/** A duration in milliseconds that must be positive (an interval of 0 would never let time move). */
export const positiveMsSchema = z.number().gt(0);

/**
 * The largest replication factor or quorum a scenario may ask for. It equals the node limit,
 * since N can never exceed the number of nodes.
 */
export const maxNodes = 64;

/** A replication factor or quorum size (N, W or R): a whole number of nodes. */
export const quorumSizeSchema = z.int().min(1).max(maxNodes);
