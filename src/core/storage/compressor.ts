/**
 * How SSTable blocks are compressed. Callback-based: the browser's CompressionStream is
 * asynchronous, the simulator's compressor calls back synchronously so runs stay exact.
 */
import type { DeviceValue } from './storageDevice';

export interface Compressor {
  /** Recorded in each table's metadata: a table is read back only through the compressor that wrote it. */
  readonly name: string;
  compress(raw: Uint8Array, done: (r: DeviceValue<Uint8Array>) => void): void;
  decompress(stored: Uint8Array, done: (r: DeviceValue<Uint8Array>) => void): void;
}

/** Stores blocks as they are: a baseline, and a way to show what compression buys. */
export const identityCompressor: Compressor = {
  name: 'identity',
  compress: (raw, done) => done({ ok: true, value: raw }),
  decompress: (stored, done) => done({ ok: true, value: stored }),
};
