// Goal: link states follow the cut/heal rules the workers rely on: each cut bumps the epoch,
// a heal keeps it, repeated calls change nothing. Method: drive one table and read it back.
import { describe, expect, it } from 'vitest';
import { nodeId } from '../core/ids';
import { LinkTable } from './linkTable';

const A = nodeId('A');
const B = nodeId('B');

describe('LinkTable', () => {
  it('bumps the epoch at each cut and keeps it through a heal', () => {
    const links = new LinkTable();
    expect(links.cut(A, B)).toEqual({ from: A, to: B, cut: true, epoch: 1 });
    expect(links.cut(A, B)).toBeNull();
    expect(links.heal(A, B)).toEqual({ from: A, to: B, cut: false, epoch: 1 });
    expect(links.heal(A, B)).toBeNull();
    expect(links.cut(A, B)?.epoch).toBe(2);
  });

  it('treats the two directions as separate links', () => {
    const links = new LinkTable();
    links.cut(A, B);
    expect(links.get(B, A)).toEqual({ from: B, to: A, cut: false, epoch: 0 });
    expect(links.cutLinks()).toEqual([{ from: A, to: B }]);
  });
});
