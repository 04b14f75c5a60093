/**
 * Goal: the failure detector's rule, exactly as documented: quiet for 4 gossip intervals is
 * suspect, 8 is down, and any heartbeat that advances makes a member alive again. Method: a
 * Membership driven by hand with explicit times.
 */
import { describe, expect, it } from 'vitest';
import { nodeId } from '../ids';
import { Membership } from './membership';

const [a, b, c] = [nodeId('a'), nodeId('b'), nodeId('c')];

describe('gossip membership', () => {
  it('a member whose heartbeat stops is suspected after 4 intervals and down after 8', () => {
    const m = new Membership(a, [a, b, c], 0);
    m.merge([[b, 1], [c, 1]], 0);
    expect(m.detect(3999, 1000)).toEqual([]);
    m.merge([[c, 2]], 3500);
    expect(m.detect(4000, 1000)).toEqual([{ id: b, status: 'suspect' }]);
    expect(m.detect(8000, 1000)).toEqual([{ id: b, status: 'down' }, { id: c, status: 'suspect' }]);
    expect(m.statusOf(b)).toBe('down');
  });

  it('a heartbeat that advances brings a member back; a stale one does not', () => {
    const m = new Membership(a, [a, b], 0);
    m.merge([[b, 5]], 0);
    m.detect(9000, 1000);
    m.merge([[b, 4]], 9500);
    expect(m.detect(9500, 1000)).toEqual([]);
    m.merge([[b, 6]], 9600);
    expect(m.detect(9600, 1000)).toEqual([{ id: b, status: 'alive' }]);
  });

  it('beat raises only the own heartbeat, and the list carries every member', () => {
    const m = new Membership(a, [a, b, c], 0);
    m.beat(10);
    expect(m.beat(20)).toEqual([[a, 2], [b, 0], [c, 0]]);
    expect(m.peers()).toEqual([b, c]);
  });

  it('follows the ring: joined members start alive, departed ones are forgotten', () => {
    const m = new Membership(a, [a, b], 0);
    m.setMembers([a, c], 100);
    expect(m.peers()).toEqual([c]);
    expect(m.statusOf(c)).toBe('alive');
    expect(m.statusOf(b)).toBe('down');
  });
});
