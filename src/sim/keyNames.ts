/**
 * The names of the keys the workloads draw (prefix + index), each made once and shared by every
 * workload of a run. A key drawn again is then the very same string, which every Map keyed by
 * it (a client's remembered contexts, each node's key index, memtable and caches) finds by
 * identity, its hash already computed, instead of hashing and comparing a fresh copy. Bounded:
 * past `maxKeyNames` slots a workload gets no table and makes its names afresh on each draw,
 * which is only slower.
 */
export const maxKeyNames = 1 << 20;

/** Index i holds the name of key prefix + i once it has been drawn. */
export type KeyNameTable = (string | undefined)[];

export class KeyNames {
  private readonly byPrefix = new Map<string, KeyNameTable>();
  private slots = 0;

  /** The table of names for keys prefix + 0 up to prefix + (keys − 1), or null past the bound. */
  tableFor(prefix: string, keys: number): KeyNameTable | null {
    const table = this.byPrefix.get(prefix) ?? [];
    const more = keys - table.length;
    if (more <= 0) return table;
    if (this.slots + more > maxKeyNames) return null;
    // Filled with undefined, not left with holes: a holey array this long would be a dictionary.
    for (let i = 0; i < more; i++) table.push(undefined);
    this.slots += more;
    this.byPrefix.set(prefix, table);
    return table;
  }
}

/** The name of key `index`: the table's if it has one, else made now (and kept). */
export function keyName(table: KeyNameTable | null, prefix: string, index: number): string {
  if (table === null) return `${prefix}${index}`;
  return (table[index] ??= `${prefix}${index}`);
}
