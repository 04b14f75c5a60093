/**
 * The autoscaling rule (the chapter: "servers could be added or removed automatically
 * depending on the load"). Pure: a kernel that takes a load sample and its own state and
 * returns a decision, never an effect; the host measures load and joins or removes nodes.
 *
 * The rule: load per node is operations per second per node and keys per node. Above the
 * upper thresholds for `sustainMs`, add a node; below the lower ones for `sustainMs`, remove
 * one. The gap between thresholds and the sustain time are the hysteresis; after a decision
 * nothing happens for `cooldownMs`, so a rebalance can settle before load is judged again.
 * The node count stays within [minNodes, maxNodes].
 */

export interface AutoscaleConfig {
  readonly enabled: boolean;
  readonly minNodes: number;
  readonly maxNodes: number;
  /** Add a node when ops/s per node stays above this (or keys per node above `upKeysPerNode`). */
  readonly upOpsPerSecPerNode: number;
  readonly upKeysPerNode: number;
  /** Remove one when ops/s per node stays below this and keys per node below `downKeysPerNode`. */
  readonly downOpsPerSecPerNode: number;
  readonly downKeysPerNode: number;
  readonly sustainMs: number;
  readonly cooldownMs: number;
  /** How often the host samples load. */
  readonly checkIntervalMs: number;
}

export interface LoadSample {
  readonly nowMs: number;
  readonly nodes: number;
  readonly opsPerSecPerNode: number;
  readonly keysPerNode: number;
}

export interface AutoscaleState {
  /** Since when load has been above (or below) the thresholds without a break; null if not. */
  readonly highSinceMs: number | null;
  readonly lowSinceMs: number | null;
  readonly lastDecisionMs: number;
}

export type AutoscaleDecision =
  | { readonly action: 'none' }
  | { readonly action: 'add' | 'remove'; readonly reason: string };

export const initialAutoscaleState: AutoscaleState = { highSinceMs: null, lowSinceMs: null, lastDecisionMs: -Infinity };

export function decideScaling(
  config: AutoscaleConfig,
  state: AutoscaleState,
  load: LoadSample,
): { readonly state: AutoscaleState; readonly decision: AutoscaleDecision } {
  const none = { action: 'none' } as const;
  if (!config.enabled) return { state, decision: none };
  const high = load.opsPerSecPerNode > config.upOpsPerSecPerNode || load.keysPerNode > config.upKeysPerNode;
  const low = load.opsPerSecPerNode < config.downOpsPerSecPerNode && load.keysPerNode < config.downKeysPerNode;
  const next: AutoscaleState = {
    highSinceMs: high ? (state.highSinceMs ?? load.nowMs) : null,
    lowSinceMs: low ? (state.lowSinceMs ?? load.nowMs) : null,
    lastDecisionMs: state.lastDecisionMs,
  };
  if (load.nowMs - state.lastDecisionMs < config.cooldownMs) return { state: next, decision: none };
  const ops = load.opsPerSecPerNode.toFixed(0);
  const keys = load.keysPerNode.toFixed(0);
  if (next.highSinceMs !== null && load.nowMs - next.highSinceMs >= config.sustainMs && load.nodes < config.maxNodes) {
    return {
      state: { highSinceMs: null, lowSinceMs: null, lastDecisionMs: load.nowMs },
      decision: { action: 'add', reason: `${ops} ops/s and ${keys} keys per node for ${config.sustainMs / 1000} s (up at ${config.upOpsPerSecPerNode} ops/s or ${config.upKeysPerNode} keys)` },
    };
  }
  if (next.lowSinceMs !== null && load.nowMs - next.lowSinceMs >= config.sustainMs && load.nodes > config.minNodes) {
    return {
      state: { highSinceMs: null, lowSinceMs: null, lastDecisionMs: load.nowMs },
      decision: { action: 'remove', reason: `${ops} ops/s and ${keys} keys per node for ${config.sustainMs / 1000} s (down below ${config.downOpsPerSecPerNode} ops/s and ${config.downKeysPerNode} keys)` },
    };
  }
  return { state: next, decision: none };
}
