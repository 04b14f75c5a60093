/**
 * A storage engine on a memory device whose completions queue until the test runs them, so
 * each case controls exactly what is in flight (the LZ77 compressor, small sizes): shared by
 * the engine's test files. Test support only.
 */
import type { Clock } from '../versions/vectorClock';
import type { Version } from '../versions/version';
import { lz77Compressor } from './lz77Compressor';
import { MemoryDevice } from './memoryDevice';
import type { DeviceOpKind } from './storageDevice';
import { StorageEngine } from './storageEngine';
import type { StorageOptions, StorageRead, StorageResult } from './storageOptions';
import { defaultStorageOptions } from './storageOptions';

export class Queue {
  tasks: { kind: DeviceOpKind; run: () => void }[] = [];
  readonly counts = new Map<DeviceOpKind, number>();
  schedule = (op: { kind: DeviceOpKind }, run: () => void): void => {
    this.tasks.push({ kind: op.kind, run });
    this.counts.set(op.kind, (this.counts.get(op.kind) ?? 0) + 1);
  };
  runAll(): void {
    for (let n = 0; this.tasks.length > 0 && n < 100_000; n++) this.tasks.shift()?.run();
  }
  runKind(kind: DeviceOpKind): void {
    const i = this.tasks.findIndex((t) => t.kind === kind);
    if (i < 0) throw new Error(`nothing of kind ${kind} in flight`);
    this.tasks.splice(i, 1)[0]?.run();
  }
}

export const small: StorageOptions = { ...defaultStorageOptions, memtableBytesMax: 2_000, blockBytesTarget: 256, cacheBytesMax: 2_000, compactionTablesMin: 4 };

export function rig(options: StorageOptions = small) {
  const queue = new Queue();
  const device = new MemoryDevice(queue.schedule);
  const open = (): StorageEngine => {
    let out: StorageEngine | undefined;
    StorageEngine.open(device, lz77Compressor, options, (r) => {
      if (!r.ok) throw new Error(r.message);
      out = r.engine;
    });
    queue.runAll();
    if (out === undefined) throw new Error('open did not complete');
    return out;
  };
  return { queue, device, open };
}

export function version(actor: string, counter: number, value: string, context: Clock = {}, over: Partial<Version> = {}): Version {
  return { value, deleted: false, dot: { node: actor, counter }, context, timestampMs: 0, ...over };
}

export function write(e: StorageEngine, key: string, v: Version): { result: StorageResult | undefined } {
  const box: { result: StorageResult | undefined } = { result: undefined };
  e.merge(key, [v], (r) => (box.result = r));
  return box;
}

/** Flushes the active memtable and runs every device operation it starts. */
export function flushNow(e: StorageEngine, q: Queue): void {
  e.flush(() => undefined);
  q.runAll();
}

export function readNow(e: StorageEngine, q: Queue, key: string): readonly Version[] {
  let out: StorageRead | undefined;
  e.read(key, (r) => (out = r));
  q.runAll();
  if (out === undefined || !out.ok) throw new Error(`read failed: ${out === undefined ? 'pending' : out.message}`);
  return out.versions;
}

export const values = (vs: readonly Version[]): string[] => vs.map((v) => (typeof v.value === 'string' ? v.value : JSON.stringify(v.value))).sort();

export function fill(e: StorageEngine, q: Queue, from: number, count: number, actor = 'a'): void {
  for (let i = from; i < from + count; i++) write(e, `user:${String(i).padStart(4, '0')}`, version(actor, 1, `profile of user ${i}: the same text again and again`));
  q.runAll();
}
