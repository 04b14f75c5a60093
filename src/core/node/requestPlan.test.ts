/**
 * Goal: request plans as the Dynamo paper describes them. Method: hand-built preference lists
 * with a chosen set of reachable nodes; the plan is plain data, so each test compares it whole.
 */
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../ids';
import { planRead, planWrite } from './requestPlan';

const ids = (...s: string[]) => s as NodeId[];
const input = (down: string[], sloppy: boolean) => ({
  replicas: ids('a', 'b', 'c'),
  fallbacks: ids('d', 'e', 'f'),
  sloppy,
  reachable: (p: NodeId) => !down.includes(p),
});

describe('request plans', () => {
  it('a strict write goes to the N replicas, reachable or not', () => {
    expect(planWrite(input(['b'], false))).toEqual({ targets: [{ node: 'a' }, { node: 'b' }, { node: 'c' }], spares: [], reachableCount: 2 });
  });

  it('a sloppy write stands the next reachable fallback in for each unreachable replica, with a hint', () => {
    expect(planWrite(input(['b', 'c', 'd'], true))).toEqual({
      targets: [{ node: 'a' }, { node: 'e', hintFor: 'b' }, { node: 'f', hintFor: 'c' }],
      spares: [],
      reachableCount: 3,
    });
  });

  it('a sloppy write keeps unused reachable fallbacks as spares for replicas that stay silent', () => {
    expect(planWrite(input([], true)).spares).toEqual(['d', 'e', 'f']);
  });

  it('a sloppy read asks the first N reachable nodes of the whole preference list', () => {
    expect(planRead(input(['a', 'c'], true)).targets).toEqual([{ node: 'b' }, { node: 'd' }, { node: 'e' }]);
  });

  it('with nothing reachable, a sloppy read still asks the replicas', () => {
    expect(planRead(input(['a', 'b', 'c', 'd', 'e', 'f'], true)).targets.map((t) => t.node)).toEqual(['a', 'b', 'c']);
  });
});
