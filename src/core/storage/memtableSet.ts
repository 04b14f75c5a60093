/**
 * The active memtable and the frozen ones waiting to be flushed (oldest first). Pure. A frozen
 * memtable stays readable until its SSTable lands, so no write is ever out of sight.
 */
import type { ConflictMode } from '../versions/siblings';
import { mergeIntoSiblings } from '../versions/siblings';
import type { Version } from '../versions/version';
import { Memtable } from './memtable';

export class MemtableSet {
  private activeTable = new Memtable();
  private frozenTables: Memtable[] = [];

  constructor(private readonly mode: ConflictMode) {}

  get active(): Memtable {
    return this.activeTable;
  }

  /** The next memtable to flush, if any. */
  get oldestFrozen(): Memtable | undefined {
    return this.frozenTables[0];
  }

  get frozenCount(): number {
    return this.frozenTables.length;
  }

  /** Asked on every write (is there room?): a loop, where a list of all the memtables was an array per write. */
  get byteSize(): number {
    let n = this.activeTable.byteSize;
    for (const m of this.frozenTables) n += m.byteSize;
    return n;
  }

  get entryCount(): number {
    return this.all().reduce((n, m) => n + m.entryCount, 0);
  }

  /** Freezes the active memtable, if it holds anything, and starts a new one. */
  freeze(): void {
    if (this.activeTable.entryCount === 0) return;
    this.frozenTables.push(this.activeTable);
    this.activeTable = new Memtable();
  }

  /** The oldest frozen memtable's table landed: it no longer needs to be read from memory. */
  dropFlushed(m: Memtable): void {
    this.frozenTables = this.frozenTables.filter((x) => x !== m);
  }

  /** The key's siblings across every memtable, newest first. */
  versions(key: string): readonly Version[] {
    let out: readonly Version[] = this.activeTable.get(key) ?? [];
    for (let i = this.frozenTables.length - 1; i >= 0; i--) {
      const part = this.frozenTables[i]?.get(key);
      if (part !== undefined) out = mergeIntoSiblings(out, part, this.mode);
    }
    return out;
  }

  has(key: string): boolean {
    return this.all().some((m) => m.has(key));
  }

  /** Every key some memtable holds, once each. */
  keys(): Set<string> {
    const out = new Set<string>();
    for (const m of this.all()) for (const k of m.keys()) out.add(k);
    return out;
  }

  private all(): Memtable[] {
    return [this.activeTable, ...this.frozenTables];
  }
}
