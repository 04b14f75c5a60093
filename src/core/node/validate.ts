/** Request validation: a request that breaks a rule is refused with `invalid` and changes nothing. */
import type { ClientOp } from '../clientApi';
import type { JsonValue } from '../json';
import { utf8Bytes } from '../json';
import { maxKeyBytes, maxValueBytes } from './settings';
import type { NodeSettings } from './settings';

/** Returns why the request is invalid, or undefined when it may proceed. */
export function invalidReason(op: ClientOp, s: NodeSettings, memberCount: number): string | undefined {
  if (typeof op.key !== 'string' || op.key.length === 0) return 'the key is empty';
  // Sizes are counted only when they could pass the limit: every request is checked, and a
  // UTF-16 unit is at most 3 bytes of UTF-8 (6 in JSON, as an escape).
  if (op.key.length * 3 > maxKeyBytes) {
    const keyBytes = utf8Bytes(op.key);
    if (keyBytes > maxKeyBytes) return `the key is ${keyBytes} bytes; the limit is ${maxKeyBytes}`;
  }
  if (s.n > memberCount) return `N=${s.n} is more than the ${memberCount} nodes in the cluster`;
  if (op.kind === 'put') {
    if (op.value === undefined) return 'the value is missing';
    const surelyFits = typeof op.value === 'string' && 2 + op.value.length * 6 <= maxValueBytes;
    const valueBytes = surelyFits ? 0 : jsonBytes(op.value);
    if (valueBytes > maxValueBytes) return `the value is ${valueBytes} bytes; the limit is ${maxValueBytes}`;
  }
  if (op.kind === 'get') {
    const r = op.r ?? s.r;
    if (!Number.isInteger(r) || r < 1 || r > s.n) return `R=${r} must be between 1 and N=${s.n}`;
  } else {
    const w = op.w ?? s.w;
    if (!Number.isInteger(w) || w < 1 || w > s.n) return `W=${w} must be between 1 and N=${s.n}`;
  }
  return undefined;
}

/**
 * The UTF-8 size of `JSON.stringify(value)`. A string (the usual value) is counted as
 * JSON.stringify would write it, without building the text: every put is checked.
 */
export function jsonBytes(value: JsonValue): number {
  if (typeof value !== 'string') return utf8Bytes(JSON.stringify(value));
  let bytes = 2; // the quotes
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) bytes += 2; // \" \\ \b \t \n \f \r
    else if (c < 0x20) bytes += 6; // \u00XX
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c < 0xd800 || c > 0xdfff) bytes += 3;
    else if (c <= 0xdbff && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 6; // a lone surrogate is escaped as \uDXXX
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
