/**
 * A version is an immutable value with its causal history, as a dotted version vector
 * (Preguiça et al.; Riak 2.0): the dot names the write that made it, the context is the causal
 * past its client had seen. Pure.
 *
 * Why dots: with plain vector clocks, two puts from the same context through the same
 * coordinator get the same clock (one silently replaces the other), and "max + 1" makes the
 * later one wrongly dominate. A dot is unique per key, and a version is dominated only by one
 * whose context contains its dot, so such puts stay siblings.
 */
import type { JsonValue } from '../json';
import type { Clock } from './vectorClock';
import { copyClock } from './vectorClock';

/** The event that created a version: the coordinating actor and its per-key counter. */
export interface Dot {
  readonly node: string;
  readonly counter: number;
}

/** An immutable version of a key's value. A delete writes a tombstone (deleted, value null). */
export interface Version {
  readonly value: JsonValue;
  readonly deleted: boolean;
  readonly dot: Dot;
  /** The causal past the version was written from: the context its client sent. */
  readonly context: Clock;
  /** The coordinator's wall clock (simulated time plus its skew): last-write-wins orders by it. */
  readonly timestampMs: number;
}

/** The chapter's vector clock of a version: its context with the dot's actor raised to the dot. */
export function displayClock(v: Version): Clock {
  const current = v.context[v.dot.node] ?? 0;
  if (current >= v.dot.counter) return v.context;
  const clock = copyClock(v.context);
  clock[v.dot.node] = v.dot.counter;
  return clock;
}

/** A version without its value: all that merging, dots and Merkle trees look at. */
export type VersionHeader = Version & { readonly value: null };

export function isHeader(v: Version): v is VersionHeader {
  return v.value === null;
}

/**
 * The version without its value. A literal with Version's keys in their order, not
 * `{ ...v, value: null }`: V8 gave the spread copies a hidden class of their own, so every merge
 * meeting headers and whole versions read them polymorphically.
 */
export function headerOf(v: Version): VersionHeader {
  return isHeader(v) ? v : { value: null, deleted: v.deleted, dot: v.dot, context: v.context, timestampMs: v.timestampMs };
}

/** True when x's dot is in y's causal past: y was written by a client that had seen x. */
export function causallyDominates(y: Version, x: Version): boolean {
  if (sameDot(x, y)) return false;
  return (y.context[x.dot.node] ?? 0) >= x.dot.counter;
}

/** True when a and b are the same write. Often the same object, when one node's set reaches another unchanged. */
export function sameDot(a: Version, b: Version): boolean {
  return a === b || (a.dot.counter === b.dot.counter && a.dot.node === b.dot.node);
}

/** Last-write-wins order: timestamp, then actor, then counter, so ties break the same everywhere. */
export function lwwLater(a: Version, b: Version): boolean {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs > b.timestampMs;
  if (a.dot.node !== b.dot.node) return a.dot.node > b.dot.node;
  return a.dot.counter > b.dot.counter;
}

/**
 * The actor that writes a node's dots. A wiped node has forgotten its counters, so reusing its
 * name would mint dots that already exist elsewhere; like Riak's new vnode id after data loss,
 * it comes back as a new actor, `Sx~1` after the first wipe.
 */
export function actorName(node: string, incarnation: number): string {
  return incarnation === 0 ? node : `${node}~${incarnation}`;
}
