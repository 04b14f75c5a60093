/**
 * Goal: workloads of one run draw each key as one shared string (what makes the nodes' maps
 * match it by identity), names read as prefix + index, and the tables stay bounded.
 */
import { describe, expect, it } from 'vitest';
import { KeyNames, keyName, maxKeyNames } from './keyNames';

describe('KeyNames', () => {
  it('gives every workload of a run the same string for the same key', () => {
    const names = new KeyNames();
    const a = names.tableFor('k', 100);
    const b = names.tableFor('k', 50);
    expect(a).toBe(b);
    // Strings compare by value, so what shows the name is shared is the table holding it.
    expect(a?.[42]).toBeUndefined();
    expect(keyName(a, 'k', 42)).toBe('k42');
    expect(b?.[42]).toBe('k42');
    expect(keyName(b, 'k', 42)).toBe('k42');
    expect(keyName(names.tableFor('user-', 100), 'user-', 42)).toBe('user-42');
  });

  it('grows a prefix table to the largest key count asked for, and refuses past the bound', () => {
    const names = new KeyNames();
    expect(names.tableFor('k', 10)?.length).toBe(10);
    expect(names.tableFor('k', 30)?.length).toBe(30);
    expect(names.tableFor('big', maxKeyNames)).toBeNull();
    // Without a table a name is still right, only made afresh.
    expect(keyName(null, 'big', 7)).toBe('big7');
  });
});
