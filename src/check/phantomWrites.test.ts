// Goal: a definite failure must not have happened; an indefinite one may have. Method: a put
// failing with each error kind whose value is later read or kept, matched by JSON equality.
import { describe, expect, it } from 'vitest';
import { canonicalJson, findPhantomWrites } from './phantomWrites';
import { failedPut, finalOf, okGet, version } from './testHistory';

const seen = version('A', 1, 'ghost');

describe('phantom writes', () => {
  it('an unavailable put whose value a later get reads is a phantom', () => {
    const history = [failedPut({ id: 1, at: [0, 10] }, 'ghost', 'unavailable'), okGet({ id: 2, at: [20, 30] }, [seen])];
    const findings = findPhantomWrites(history, finalOf());
    expect(findings.map((f) => f.ops)).toEqual([[1, 2]]);
    expect(findings[0]?.detail).toContain('failed definitely (unavailable)');
    expect(findings[0]?.detail).toContain('dot A:1');
  });

  it('a timed-out put whose value a later get reads is not a phantom: it may have happened', () => {
    const history = [failedPut({ id: 1, at: [0, 10] }, 'ghost', 'timeout'), okGet({ id: 2, at: [20, 30] }, [seen])];
    expect(findPhantomWrites(history, finalOf(['A', 'k', [seen]]))).toEqual([]);
  });

  it('a storage failure whose value is read is not a phantom either', () => {
    const history = [failedPut({ id: 1, at: [0, 10] }, 'ghost', 'storage'), okGet({ id: 2, at: [20, 30] }, [seen])];
    expect(findPhantomWrites(history, finalOf())).toEqual([]);
  });

  it('an invalid put whose value a replica keeps at the end is a phantom, naming the node', () => {
    const history = [failedPut({ id: 1, at: [0, 10] }, 'ghost', 'invalid')];
    const findings = findPhantomWrites(history, finalOf(['C', 'k', [seen]]));
    expect(findings.map((f) => f.ops)).toEqual([[1]]);
    expect(findings[0]?.detail).toContain('node C');
  });

  it('an unavailable put whose value nobody reads or keeps is not a phantom', () => {
    const other = version('A', 1, 'real');
    const history = [failedPut({ id: 1, at: [0, 10] }, 'ghost', 'unavailable'), okGet({ id: 2, at: [20, 30] }, [other])];
    expect(findPhantomWrites(history, finalOf(['A', 'k', [other]]))).toEqual([]);
  });

  it('a get that completed before the failed put was invoked does not make it a phantom', () => {
    const history = [okGet({ id: 1, at: [0, 10] }, [seen]), failedPut({ id: 2, at: [20, 30] }, 'ghost', 'unavailable')];
    expect(findPhantomWrites(history, finalOf())).toEqual([]);
  });

  it('the same value on another key is not a sighting', () => {
    const history = [failedPut({ id: 1, at: [0, 10] }, 'ghost', 'unavailable'), okGet({ id: 2, at: [20, 30], key: 'j' }, [seen])];
    expect(findPhantomWrites(history, finalOf(['A', 'j', [seen]]))).toEqual([]);
  });

  it('values match by JSON equality whatever the order of object keys', () => {
    const object = version('A', 1, { b: [1, { d: 2, c: 3 }], a: 'x' });
    const history = [
      failedPut({ id: 1, at: [0, 10] }, { a: 'x', b: [1, { c: 3, d: 2 }] }, 'unavailable'),
      okGet({ id: 2, at: [20, 30] }, [object]),
    ];
    expect(findPhantomWrites(history, finalOf()).map((f) => f.ops)).toEqual([[1, 2]]);
    expect(canonicalJson({ b: 1, a: [2, null] })).toBe('{"a":[2,null],"b":1}');
  });
});
