// Goal: the sibling count is the widest live version set a get returned or a replica kept.
// Method: hand-built gets and final states with tombstones and ties.
import { describe, expect, it } from 'vitest';
import { findMaxSiblings } from './siblings';
import { finalOf, okGet, version } from './testHistory';

const a = version('A', 1, 'a');
const b = version('B', 1, 'b');
const c = version('C', 1, 'c');
const tomb = version('D', 1, null, { deleted: true });

describe('max siblings', () => {
  it('counts the live versions of the widest get, ignoring tombstones', () => {
    const history = [okGet({ id: 1, at: [0, 1] }, [a]), okGet({ id: 2, at: [2, 3] }, [a, b, tomb])];
    const result = findMaxSiblings(history, finalOf(['A', 'k', [a, b]]));
    expect(result).toMatchObject({ count: 2, ops: [2], key: 'k', node: null });
    expect(result.detail).toContain('get #2 by c1');
  });

  it('a replica holding more siblings than any get returned is reported with its node', () => {
    const history = [okGet({ id: 1, at: [0, 1] }, [a, b])];
    const result = findMaxSiblings(history, finalOf(['A', 'k', [a]], ['C', 'j', [a, b, c]]));
    expect(result).toMatchObject({ count: 3, ops: [], key: 'j', node: 'C' });
    expect(result.detail).toContain('node C holds 3 siblings');
  });

  it('an empty run reports zero siblings', () => {
    expect(findMaxSiblings([], finalOf())).toMatchObject({ count: 0, ops: [], key: '', node: null });
  });
});
