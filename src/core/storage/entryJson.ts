/**
 * The JSON text of SSTable entries, built from each version's own text, which is computed once
 * per version object. Pure (the cache is keyed by immutable versions, so it never goes stale).
 *
 * Why: the memtable stringifies a version when it is merged (to count the bytes a flush will
 * write), and the flush then stringified every entry again, values and all (about 4% of a
 * simulated run's time). JSON.stringify of an array is its elements' texts joined by
 * commas, so `["key",[v1,v2]]` built from the parts is byte for byte JSON.stringify(entry).
 */
import { utf8Bytes } from '../json';
import type { Version } from '../versions/version';

interface VersionText {
  readonly json: string;
  /** UTF-8 bytes of `json`. */
  readonly bytes: number;
  /** Memtable entries holding the version (of every engine in the thread: the simulator's nodes share objects). */
  holders: number;
}

/**
 * Texts of versions that memtables hold, counted, so the last flush to write a version drops its
 * text: the versions a block cache, a cached answer or a client's reply keeps afterwards do not
 * hold theirs. Weak, so a memtable that is never flushed (a crashed node's) leaks nothing.
 */
const texts = new WeakMap<Version, VersionText>();

function textOf(v: Version): VersionText {
  let t = texts.get(v);
  if (t === undefined) {
    const json = JSON.stringify(v);
    t = { json, bytes: utf8Bytes(json), holders: 0 };
    texts.set(v, t);
  }
  return t;
}

/** UTF-8 bytes of the version's JSON. */
export function versionJsonBytes(v: Version): number {
  return textOf(v).bytes;
}

/** A memtable entry now holds `v`: its text is kept for the flush that will write it. */
export function holdVersionText(v: Version): void {
  textOf(v).holders++;
}

/** A memtable entry let go of `v` (a newer sibling dominated it, or its flush landed). */
export function releaseVersionText(v: Version): void {
  const t = texts.get(v);
  if (t !== undefined && --t.holders <= 0) texts.delete(v);
}

/** `JSON.stringify([key, versions])`, from the versions' kept texts where there are some. */
export function entryJson(key: string, versions: readonly Version[]): string {
  let out = `[${JSON.stringify(key)},[`;
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i] as Version;
    const t = texts.get(v);
    if (i > 0) out += ',';
    out += t === undefined ? JSON.stringify(v) : t.json;
  }
  return `${out}]]`;
}
