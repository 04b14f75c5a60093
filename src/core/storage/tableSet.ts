/**
 * The live SSTables, newest first, with a generation that changes whenever the set does, and
 * pins: a table a read is using is deleted from the device only once the read lets go of it.
 */
import type { TableMeta } from './storageDevice';

/**
 * The inputs of one compaction, replaced but not yet deleted. They are deleted together, in one
 * device operation: deleting only some of them, then crashing, could keep an old version while
 * losing the tombstone (in another input) that hid it.
 */
interface RetiredGroup {
  readonly tables: readonly TableMeta[];
  /** Handed out for deletion and not yet answered. */
  deleting: boolean;
}

export class TableSet {
  private tables: TableMeta[] = [];
  /**
   * Reads using each table. A count that falls to 0 stays in the map until its table is handed
   * to deletion: every point read pins and unpins the live tables, and deleting the entries each
   * time made V8 shrink and regrow the map's table, an allocation or two per read.
   */
  private readonly pins = new Map<number, number>();
  private retired: RetiredGroup[] = [];
  /** Bumped by every flush and compaction: a read that saw it change must not fill the cache. */
  generation = 0;

  constructor(
    initial: readonly TableMeta[],
    /** Told which retired tables no read is using any more, one group at a time, so it can delete them. */
    private readonly onDeletable: (ids: number[]) => void,
  ) {
    this.tables = [...initial].sort(newestFirst);
  }

  /** Newest first: by the log position they cover, then by id. */
  list(): readonly TableMeta[] {
    return this.tables;
  }

  /**
   * Every table other than `ids` that may still hold data after a crash: the live ones and the
   * retired ones not yet deleted (a crash brings those back). Tombstone purging checks these.
   */
  outsideOf(ids: ReadonlySet<number>): TableMeta[] {
    const live = this.tables.filter((t) => !ids.has(t.id));
    return [...live, ...this.retired.flatMap((g) => g.tables)];
  }

  /** A flush made a new table. */
  add(meta: TableMeta): void {
    this.tables = [meta, ...this.tables].sort(newestFirst);
    this.generation++;
  }

  /** A compaction replaced `inputs` by `output` (none if everything was purged). */
  replace(inputs: readonly TableMeta[], output: TableMeta | undefined): void {
    const gone = new Set(inputs.map((t) => t.id));
    const kept = this.tables.filter((t) => !gone.has(t.id));
    this.tables = (output === undefined ? kept : [output, ...kept]).sort(newestFirst);
    this.generation++;
    this.retired.push({ tables: inputs, deleting: false });
    this.releaseUnpinned();
  }

  pin(tables: readonly { readonly id: number }[]): void {
    for (const { id } of tables) this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
  }

  unpin(tables: readonly { readonly id: number }[]): void {
    for (const { id } of tables) this.pins.set(id, Math.max(0, (this.pins.get(id) ?? 1) - 1));
    this.releaseUnpinned();
  }

  /**
   * The device answered a deletion handed out by `onDeletable`. A deleted group is forgotten; a
   * failed one waits for the next pin change or compaction to be handed out again (not at once,
   * so a device that keeps failing is not hammered in a loop).
   */
  deletionDone(ids: readonly number[], ok: boolean): void {
    const group = this.retired.find((g) => g.tables[0]?.id === ids[0]);
    if (group === undefined) return;
    if (ok) this.retired = this.retired.filter((g) => g !== group);
    else group.deleting = false;
  }

  get retiredCount(): number {
    return this.retired.reduce((n, g) => n + g.tables.length, 0);
  }

  private releaseUnpinned(): void {
    if (this.retired.length === 0) return;
    for (const group of [...this.retired]) {
      if (group.deleting || group.tables.some((t) => this.pinned(t.id))) continue;
      group.deleting = true;
      // Nothing pins a retired table again (reads pin only live ones): its count can go.
      for (const t of group.tables) this.pins.delete(t.id);
      this.onDeletable(group.tables.map((t) => t.id));
    }
  }

  private pinned(id: number): boolean {
    return (this.pins.get(id) ?? 0) > 0;
  }
}

function newestFirst(a: TableMeta, b: TableMeta): number {
  return b.maxSeq - a.maxSeq || b.id - a.id;
}
