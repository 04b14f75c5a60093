/** Request validation: a request that breaks a rule is refused with `invalid` and changes nothing. */
import type { ClientOp } from '../clientApi';
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
    // A string short enough cannot pass the limit even as all escapes: its JSON text is not built.
    const surelyFits = typeof op.value === 'string' && 2 + op.value.length * 6 <= maxValueBytes;
    const valueBytes = surelyFits ? 0 : utf8Bytes(JSON.stringify(op.value));
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
