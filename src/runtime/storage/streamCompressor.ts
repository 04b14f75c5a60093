/**
 * A Compressor on the platform's CompressionStream ('deflate-raw' by default), for the browser
 * host. Asynchronous; completions come back on a later task. Node 20 has it too, so it is tested.
 */
import type { Compressor, DeviceValue } from '../../core/storage';

/**
 * deflate-raw: the DEFLATE stream without zlib or gzip headers and checksums. Blocks are small
 * and already framed by the table's index, so the 6 to 18 header bytes would be pure cost.
 */
export function streamCompressor(format: CompressionFormat = 'deflate-raw'): Compressor {
  return {
    name: format,
    compress: (raw, done) => settle(pipe(raw, new CompressionStream(format)), `compressing a block (${format})`, done),
    decompress: (stored, done) =>
      settle(pipe(stored, new DecompressionStream(format)), `a compressed block is corrupt (${format})`, done),
  };
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  // Blob wants bytes backed by a plain ArrayBuffer; copy only when they are not.
  const owned = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const out = new Blob([owned]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function settle(p: Promise<Uint8Array>, doing: string, done: (r: DeviceValue<Uint8Array>) => void): void {
  p.then(
    (value) => done({ ok: true, value }),
    (e: unknown) => done({ ok: false, message: `${doing}: ${e instanceof Error ? e.message : String(e)}` }),
  );
}
