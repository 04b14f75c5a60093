/**
 * Latency models and their sampling. Pure: the caller passes the random source, so a seed
 * replays every delay; nothing here reads a clock.
 */
import { assertNever } from '../assertNever';
import type { NodeId } from '../ids';

/**
 * A one-way delay distribution for one message. Plain data, so a scenario can carry it and a
 * trace can show it. Heavy tails (pareto, mixtures) are what make staleness interesting: the
 * PBS measurements found real clusters' delays far from uniform.
 */
export type SimpleLatency =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; meanMs: number }
  | { kind: 'pareto'; xmMs: number; alpha: number }
  | { kind: 'mixture'; parts: { weight: number; latency: SimpleLatency }[] };

/** The four one-way delays of the WARS model (Bailis et al., PBS, VLDB 2012) plus everything else. */
export type MessageClass = 'write' | 'ack' | 'read' | 'response' | 'other';

/** Every message class, in WARS order: schemas and views iterate this rather than retyping it. */
export const messageClasses: readonly MessageClass[] = ['write', 'ack', 'read', 'response', 'other'];

/** One model per message class, so writes can be slow while reads are fast, as PBS measured. */
export type ClassedLatency = { [C in MessageClass]: SimpleLatency };

/** What a link is configured with: one model for every message, or one per WARS class. */
export type LatencyModel = SimpleLatency | ClassedLatency;

/**
 * The longest delay any single draw may produce. A pareto with a small alpha has an infinite
 * mean, and one draw of hours would leave a run waiting on a single message; capping keeps
 * every run bounded while a minute is still "lost for practical purposes" next to any
 * request timeout a scenario would use.
 */
export const maxLatencySampleMs = 60_000;

/**
 * Draws one delay by inverse-CDF sampling, so each kind costs one uniform draw (a mixture one
 * more to pick its part) and the same random sequence always gives the same delays.
 * Results lie in [0, maxLatencySampleMs]. Expects a model that passed the scenario schema.
 */
export function sampleLatencyMs(model: SimpleLatency, random: () => number): number {
  return clampMs(sampleUncappedMs(model, random));
}

function clampMs(ms: number): number {
  // NaN only arises from a model the schema would have refused; treat it as the cap, the
  // "very late" answer, rather than let it poison the event queue.
  if (Number.isNaN(ms)) return maxLatencySampleMs;
  return Math.min(Math.max(ms, 0), maxLatencySampleMs);
}

function sampleUncappedMs(model: SimpleLatency, random: () => number): number {
  switch (model.kind) {
    case 'fixed':
      return model.ms;
    case 'uniform':
      return model.minMs + random() * (model.maxMs - model.minMs);
    case 'exponential':
      // 1 - u lies in (0, 1] for u in [0, 1), so the logarithm is finite.
      return -model.meanMs * Math.log(1 - random());
    case 'pareto':
      return model.xmMs / Math.pow(1 - random(), 1 / model.alpha);
    case 'mixture':
      return sampleUncappedMs(pickPart(model.parts, random()), random);
    default:
      return assertNever(model, 'latency model');
  }
}

/** Picks the part whose cumulative weight first exceeds u · total. */
function pickPart(parts: readonly { weight: number; latency: SimpleLatency }[], u: number): SimpleLatency {
  const total = parts.reduce((sum, part) => sum + part.weight, 0);
  const target = u * total;
  let cumulative = 0;
  for (const part of parts) {
    cumulative += part.weight;
    if (target < cumulative) return part.latency;
  }
  // Rounding can leave target a hair above the last cumulative sum: that draw belongs to the last part.
  const last = parts[parts.length - 1];
  if (last === undefined) throw new Error('a latency mixture needs at least one part');
  return last.latency;
}

/** True when the model has one distribution per WARS class rather than one for all messages. */
export function isClassedLatency(model: LatencyModel): model is ClassedLatency {
  return !('kind' in model);
}

/** The distribution a message of class `cls` is delayed by under `model`. */
export function latencyFor(model: LatencyModel, cls: MessageClass): SimpleLatency {
  return isClassedLatency(model) ? model[cls] : model;
}

/**
 * One message's delay: its class's draw, plus a draw of the delay between zones when both ends
 * have a zone and the zones differ. The simulator and the live workers both sample through this,
 * in this order of draws. Zones are looked up only when there is a delay between zones to add.
 */
export function hopLatencyMs(
  model: LatencyModel,
  interZone: SimpleLatency | undefined,
  cls: MessageClass,
  random: () => number,
  zoneOf: (id: NodeId) => string | undefined,
  from: NodeId | undefined,
  to: NodeId | undefined,
): number {
  const ms = sampleLatencyMs(latencyFor(model, cls), random);
  if (interZone === undefined || from === undefined || to === undefined) return ms;
  const a = zoneOf(from);
  const b = zoneOf(to);
  return a !== undefined && b !== undefined && a !== b ? ms + sampleLatencyMs(interZone, random) : ms;
}

/**
 * The analytic mean of the model, ignoring the per-draw cap: the figure a learner compares a
 * measured mean against. Infinity for pareto with alpha ≤ 1, whose mean does not exist (its
 * sampled mean is then set by the cap, not by the model).
 */
export function meanLatencyMs(model: SimpleLatency): number {
  switch (model.kind) {
    case 'fixed':
      return model.ms;
    case 'uniform':
      return (model.minMs + model.maxMs) / 2;
    case 'exponential':
      return model.meanMs;
    case 'pareto':
      return model.alpha <= 1 ? Infinity : (model.alpha * model.xmMs) / (model.alpha - 1);
    case 'mixture': {
      const total = model.parts.reduce((sum, part) => sum + part.weight, 0);
      return model.parts.reduce((sum, part) => sum + (part.weight / total) * meanLatencyMs(part.latency), 0);
    }
    default:
      return assertNever(model, 'latency model');
  }
}

