/**
 * A JSON SSTable data block, as tables were written before the binary format (sstableFormat.ts):
 * the JSON of its entries, `[["key",[version, ...]], ...]`. Such tables may still sit in a
 * user's IndexedDB, so they are read (and compacted into binary tables) but no longer written.
 * Pure.
 *
 * Read lazily: where each entry lies is found by one scan that decodes only the keys (or from
 * TableMeta.blockEntryStarts), and an entry's versions are parsed the first time a read asks
 * for them.
 */
import type { Version } from '../versions/version';
import type { DataBlock } from './dataBlock';
import type { TableEntry } from './sstableFormat';
import type { DeviceValue } from './storageDevice';

const decoder = new TextDecoder();

const quote = 0x22;
const comma = 0x2c;
const backslash = 0x5c;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

const notJson: DeviceValue<never> = { ok: false, message: 'an SSTable block is corrupt: it is not valid JSON' };
const notEntries: DeviceValue<never> = { ok: false, message: 'an SSTable block is corrupt: it is not a list of entries' };

export class JsonBlock implements DataBlock {
  private constructor(
    private readonly text: string,
    /** Entry i's JSON is text.slice(bounds[2i], bounds[2i + 1]). */
    private readonly bounds: readonly number[],
    private readonly keys: readonly string[],
    /** Each entry's versions once parsed. */
    private readonly parsed: (readonly Version[] | undefined)[],
  ) {}

  /**
   * Decodes a stored block, checking its outline; a damaged block is a failure, never a wrong
   * answer. `starts` (TableMeta.blockEntryStarts) says where its entries start: then only their
   * keys are read, not the whole text, and the block is scanned only if they do not fit it.
   */
  static decode(bytes: Uint8Array, starts?: readonly number[]): DeviceValue<JsonBlock> {
    const text = decoder.decode(bytes);
    const outline = (starts === undefined ? undefined : outlineAt(text, starts)) ?? scanBlock(text);
    if (outline === undefined) return parseWhole(text);
    return { ok: true, value: new JsonBlock(text, outline.bounds, outline.keys, new Array<undefined>(outline.keys.length)) };
  }

  /** A block with white space or any other shape JSON.stringify does not write, parsed whole. */
  static parsedWhole(text: string, entries: readonly TableEntry[]): JsonBlock {
    return new JsonBlock(text, [], entries.map((e) => e[0]), entries.map((e) => e[1]));
  }

  get entryCount(): number {
    return this.keys.length;
  }

  keyAt(i: number): string | undefined {
    return this.keys[i];
  }

  /** The index of `key` by binary search of the sorted keys, or -1. */
  indexOf(key: string): number {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid] as string;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Entry i's versions, parsed on first use; an entry that does not parse is a corrupt block. */
  versionsAt(i: number): DeviceValue<readonly Version[]> {
    const known = this.parsed[i];
    if (known !== undefined) return { ok: true, value: known };
    let entry: unknown;
    try {
      entry = JSON.parse(this.text.slice(this.bounds[2 * i], this.bounds[2 * i + 1]));
    } catch {
      return notJson;
    }
    if (!isEntry(entry) || entry[0] !== this.keys[i]) return notEntries;
    this.parsed[i] = entry[1];
    return { ok: true, value: entry[1] };
  }

  /**
   * Every entry, parsed: one JSON.parse of the whole block, about twice as fast as parsing its
   * entries one by one. The parse is not kept: a whole-table read reads each block once.
   */
  entries(): DeviceValue<TableEntry[]> {
    if (!this.parsed.includes(undefined)) return { ok: true, value: this.keys.map((key, i): TableEntry => [key, this.parsed[i] ?? []]) };
    let all: unknown;
    try {
      all = JSON.parse(this.text);
    } catch {
      return notJson;
    }
    if (!Array.isArray(all) || all.length !== this.keys.length) return notEntries;
    for (let i = 0; i < all.length; i++) {
      const entry: unknown = all[i];
      if (!isEntry(entry) || entry[0] !== this.keys[i]) return notEntries;
    }
    return { ok: true, value: all as TableEntry[] };
  }

  /** A JSON entry is always decoded: a new table is binary. */
  copyableVersions(): number {
    return -1;
  }

  copyTo(): void {
    throw new Error('a JSON block entry cannot be copied into a binary table');
  }

  storedEntry(): boolean {
    return false;
  }
}

function isEntry(x: unknown): x is TableEntry {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && Array.isArray(x[1]);
}

/**
 * The fast path, for blocks as JSON.stringify writes them (no white space): `[`, then entries
 * `["key",[...]]` separated by commas, then `]`. Inside the versions only brackets and strings
 * are followed; their JSON is checked when they are parsed. Undefined when the text has any other
 * shape, and the caller parses it whole instead.
 */
function scanBlock(text: string): { readonly bounds: number[]; readonly keys: string[] } | undefined {
  const n = text.length;
  if (n < 2 || text.charCodeAt(0) !== openBracket) return undefined;
  const bounds: number[] = [];
  const keys: string[] = [];
  let i = 1;
  if (text.charCodeAt(1) === closeBracket) return n === 2 ? { bounds, keys } : undefined;
  for (;;) {
    if (text.charCodeAt(i) !== openBracket || text.charCodeAt(i + 1) !== quote) return undefined;
    const keyEnd = stringEnd(text, i + 1);
    if (keyEnd < 0 || text.charCodeAt(keyEnd) !== comma || text.charCodeAt(keyEnd + 1) !== openBracket) return undefined;
    const key = decodeKey(text, i + 1, keyEnd);
    const versionsEnd = containerEnd(text, keyEnd + 1);
    if (key === undefined || versionsEnd < 0 || text.charCodeAt(versionsEnd) !== closeBracket) return undefined;
    bounds.push(i, versionsEnd + 1);
    keys.push(key);
    i = versionsEnd + 1;
    const next = text.charCodeAt(i);
    if (next === comma) i++;
    else if (next === closeBracket && i === n - 1) return { bounds, keys };
    else return undefined;
  }
}

/**
 * The outline of a block whose entries start at `starts`, as the table's metadata says: each
 * entry's key is read and its ends are checked (`["key",[` ... `]]`, then a comma or the block's
 * end), but the versions are not scanned; their JSON is checked when they are parsed.
 * Undefined when the starts do not fit the text, and the caller scans it instead. Like the
 * sparse index and the bloom filter, the starts are metadata written with the table and trusted.
 */
function outlineAt(text: string, starts: readonly number[]): { readonly bounds: number[]; readonly keys: string[] } | undefined {
  const n = text.length;
  if (starts.length === 0 || starts[0] !== 1 || text.charCodeAt(0) !== openBracket) return undefined;
  const bounds: number[] = [];
  const keys: string[] = [];
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k] as number;
    const last = k === starts.length - 1;
    // The entry ends where the next one starts, less the comma, or at the block's closing bracket.
    const end = last ? n - 1 : (starts[k + 1] as number) - 1;
    if (!(at < end) || text.charCodeAt(at) !== openBracket || text.charCodeAt(at + 1) !== quote) return undefined;
    if (text.charCodeAt(end) !== (last ? closeBracket : comma) || text.charCodeAt(end - 1) !== closeBracket) return undefined;
    const keyEnd = stringEnd(text, at + 1);
    if (keyEnd < 0 || keyEnd + 1 >= end || text.charCodeAt(keyEnd) !== comma || text.charCodeAt(keyEnd + 1) !== openBracket) return undefined;
    const key = decodeKey(text, at + 1, keyEnd);
    if (key === undefined) return undefined;
    bounds.push(at, end);
    keys.push(key);
  }
  return { bounds, keys };
}

/** The slow path: any valid JSON list of entries (white space and all), parsed and checked whole. */
function parseWhole(text: string): DeviceValue<JsonBlock> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return notJson;
  }
  if (!Array.isArray(parsed) || !parsed.every(isEntry)) return notEntries;
  const entries: TableEntry[] = parsed;
  return { ok: true, value: JsonBlock.parsedWhole(text, entries) };
}

/** The string that opens at `at` (a quote): its content, or undefined if it does not decode. */
function decodeKey(text: string, at: number, end: number): string | undefined {
  const raw = text.slice(at + 1, end - 1);
  if (raw.indexOf('\\') < 0) return raw;
  try {
    const key: unknown = JSON.parse(text.slice(at, end));
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The index just past the string that opens at `at` (a quote), or -1 if it never closes. */
function stringEnd(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    // A quote after an odd number of backslashes is escaped; the opening quote stops the count.
    let b = q - 1;
    while (text.charCodeAt(b) === backslash) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The index just past the array or object that opens at `at`, or -1 if it never closes. */
function containerEnd(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === openBracket || c === openBrace) depth++;
    else if (c === closeBracket || c === closeBrace) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
