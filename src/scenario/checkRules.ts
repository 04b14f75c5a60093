/**
 * The rules a scenario's shape cannot express, checked by walking the steps in time order:
 * named nodes exist at that moment, 1 ≤ W, R ≤ N ≤ nodes, partitions are disjoint. Pure.
 */
import type { z } from 'zod';
import { assertNever } from '../core/assertNever';
import type { ScenarioError } from './scenarioError';
import { formatPath } from './scenarioError';
import type { scenarioSchema } from './scenarioSchema';
import { maxNodes } from './fields';
import { maxWorkloadRequests } from './stepSchema';
import { stepsInTimeOrder } from './timeOrder';

type Parsed = z.output<typeof scenarioSchema>;
type Path = readonly PropertyKey[];

/** The cluster as the walk sees it at one moment: who is in it, and the quorum settings. */
interface Walk {
  readonly members: Set<string>;
  /** When each departed node left, to say so instead of "unknown node". */
  readonly departedAtMs: Map<string, number>;
  /** When each node that joins later joins, to say so instead of "unknown node". */
  readonly joinsAtMs: Map<string, number>;
  n: number;
  w: number;
  r: number;
  readonly errors: ScenarioError[];
}

/** Every rule broken by a scenario whose shape is already valid; empty when it is runnable. */
export function checkScenarioRules(scenario: Parsed): ScenarioError[] {
  const { cluster } = scenario;
  const walk: Walk = {
    members: new Set(),
    departedAtMs: new Map(),
    joinsAtMs: new Map(),
    n: cluster.n,
    w: cluster.w,
    r: cluster.r,
    errors: [],
  };
  const firstIndex = new Map<string, number>();
  cluster.nodes.forEach((node, i) => {
    const earlier = firstIndex.get(node.id);
    if (earlier !== undefined) fail(walk, ['cluster', 'nodes', i, 'id'], `duplicate node id '${node.id}' (also cluster.nodes[${earlier}])`);
    else firstIndex.set(node.id, i);
    walk.members.add(node.id);
  });
  const ordered = stepsInTimeOrder(scenario.steps);
  for (const { step } of ordered) {
    if (step.do === 'join' && !walk.joinsAtMs.has(step.node.id)) walk.joinsAtMs.set(step.node.id, step.at);
  }
  for (const id of Object.keys(cluster.clockSkewMs)) requireNode(walk, ['cluster', 'clockSkewMs', id], id);
  checkQuorum(walk, ['cluster'], { n: true, w: true, r: true }, 'in the cluster');
  for (const { step, index } of ordered) checkStep(walk, step, ['steps', index]);
  return walk.errors;
}

function checkStep(walk: Walk, step: Parsed['steps'][number], at: Path): void {
  const need = (field: PropertyKey, id: string | undefined): void => {
    if (id !== undefined) requireNode(walk, [...at, field], id);
  };
  switch (step.do) {
    case 'put':
    case 'delete':
      need('via', step.via);
      if (step.w !== undefined && step.w > walk.n) fail(walk, [...at, 'w'], `W=${step.w} is more than N=${walk.n}`);
      return;
    case 'get':
      need('via', step.via);
      if (step.r !== undefined && step.r > walk.n) fail(walk, [...at, 'r'], `R=${step.r} is more than N=${walk.n}`);
      return;
    case 'kill':
    case 'restart':
    case 'wipe':
      need('node', step.node);
      return;
    case 'cut':
    case 'heal':
      need('from', step.from);
      need('to', step.to);
      if (step.from === step.to) fail(walk, [...at, 'to'], `a link joins two different nodes, but from and to are both '${step.to}'`);
      return;
    case 'partition':
      checkPartition(walk, step.groups, at);
      return;
    case 'healAll':
    case 'network':
      return;
    case 'join':
      checkJoin(walk, step.node.id, at);
      return;
    case 'zone':
      need('node', step.node);
      return;
    case 'leave':
      if (!requireNode(walk, [...at, 'node'], step.node)) return;
      walk.members.delete(step.node);
      walk.departedAtMs.set(step.node, step.at);
      if (walk.n > walk.members.size) {
        fail(walk, [...at, 'node'], `N=${walk.n} is more than the ${nodes(walk.members.size)} left after '${step.node}' leaves`);
      }
      return;
    case 'set':
      walk.n = step.n ?? walk.n;
      walk.w = step.w ?? walk.w;
      walk.r = step.r ?? walk.r;
      checkQuorum(walk, at, { n: step.n !== undefined, w: step.w !== undefined, r: step.r !== undefined }, 'in the cluster at this point');
      for (const id of Object.keys(step.clockSkewMs ?? {})) requireNode(walk, [...at, 'clockSkewMs', id], id);
      return;
    case 'workload': {
      need('via', step.via);
      const requests = (step.ratePerSec * step.durationMs) / 1000;
      if (requests > maxWorkloadRequests) {
        fail(walk, [...at, 'ratePerSec'], `this workload would send about ${Math.round(requests)} requests; one workload may send at most ${maxWorkloadRequests}`);
      }
      return;
    }
    default:
      assertNever(step, 'step');
  }
}

/**
 * W ≤ N, R ≤ N and N ≤ nodes. `changed` says which fields the user just wrote, so the error
 * points at the field that broke the rule (W=3 after a set of N=2 points at `n`).
 */
function checkQuorum(walk: Walk, at: Path, changed: { n: boolean; w: boolean; r: boolean }, where: string): void {
  const { n, w, r } = walk;
  if (w > n) fail(walk, [...at, changed.w ? 'w' : 'n'], `W=${w} is more than N=${n}`);
  if (r > n) fail(walk, [...at, changed.r ? 'r' : 'n'], `R=${r} is more than N=${n}`);
  if (changed.n && n > walk.members.size) fail(walk, [...at, 'n'], `N=${n} is more than the ${nodes(walk.members.size)} ${where}`);
}

function checkPartition(walk: Walk, groups: readonly (readonly string[])[], at: Path): void {
  const seen = new Map<string, number>();
  groups.forEach((group, g) => {
    group.forEach((id, k) => {
      const path = [...at, 'groups', g, k];
      if (!requireNode(walk, path, id)) return;
      const other = seen.get(id);
      if (other === undefined) seen.set(id, g);
      else if (other === g) fail(walk, path, `node '${id}' is listed twice in the same group`);
      else fail(walk, path, `node '${id}' is in more than one group (also groups[${other}])`);
    });
  });
}

function checkJoin(walk: Walk, id: string, at: Path): void {
  if (walk.members.has(id)) {
    fail(walk, [...at, 'node', 'id'], `node '${id}' is already in the cluster`);
    return;
  }
  if (walk.members.size >= maxNodes) {
    fail(walk, [...at, 'node', 'id'], `the cluster already has ${maxNodes} nodes, the most a scenario may have`);
    return;
  }
  walk.members.add(id);
  walk.departedAtMs.delete(id);
  walk.joinsAtMs.delete(id);
}

/** Reports an unknown node, saying when it left or will join if it ever does; true if it exists. */
function requireNode(walk: Walk, path: Path, id: string): boolean {
  if (walk.members.has(id)) return true;
  const leftAtMs = walk.departedAtMs.get(id);
  const joinsAtMs = walk.joinsAtMs.get(id);
  if (leftAtMs !== undefined) fail(walk, path, `node '${id}' left the cluster at ${leftAtMs} ms`);
  else if (joinsAtMs !== undefined) fail(walk, path, `node '${id}' has not joined yet (it joins at ${joinsAtMs} ms)`);
  else fail(walk, path, `unknown node '${id}'`);
  return false;
}

function fail(walk: Walk, path: Path, message: string): void {
  walk.errors.push({ path: formatPath(path), message });
}

function nodes(count: number): string {
  return count === 1 ? '1 node' : `${count} nodes`;
}
