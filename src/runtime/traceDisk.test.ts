// Goal: every form a part has been stored in reads back as the events written: the parts of
// trace bytes and LZ77 written now, and the LZ77, deflated and plain JSON parts that earlier
// versions wrote (a user's
// kept trace outlives an upgrade); a damaged part is an error, not wrong events; a part is much
// smaller than its JSON. Method: fake-indexeddb; parts written through writePart directly.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { msgId, nodeId, requestId } from '../core/ids';
import type { TraceEvent } from '../core/trace';
import type { ChunkSpan, StoredPart } from './traceDisk';
import { decodePart, encodePart, readChunk, writePart } from './traceDisk';
import { transformBytes } from './storage/streamCompressor';
import { lz77Compress } from '../core/storage';

const events: TraceEvent[] = Array.from({ length: 300 }, (_, i) => ({
  type: 'send',
  at: 10 + i / 7,
  node: nodeId(`S${1 + (i % 5)}`),
  msgId: msgId(1000 + i),
  to: nodeId(`S${1 + ((i + 2) % 5)}`),
  msg: 'replicaWrite',
  key: `k<"${i % 40}">`,
  reqId: requestId(i >> 2),
  deliverAt: 11 + i / 7,
}));

const span = (parts: number, list: readonly TraceEvent[]): ChunkSpan => ({ seq: 0, firstAt: list[0]?.at ?? 0, lastAt: list[list.length - 1]?.at ?? 0, events: list.length, parts, lanes: ['S1'] });

describe('kept trace parts', () => {
  it('a part decodes to the events encoded, and is a fraction of their JSON', async () => {
    const part = encodePart(events);
    expect(part).toMatchObject({ codec: 'trace-lz77-v1' });
    expect(await decodePart(part)).toEqual(events);
    const bytes = typeof part === 'object' && !(part instanceof Uint8Array) ? part.bytes.length : Infinity;
    expect(bytes).toBeLessThan(JSON.stringify(events).length / 3);
  });

  it('reads a chunk whose parts were stored in all four forms, in time order', async () => {
    const [a, b, c, d] = [events.slice(0, 80), events.slice(80, 160), events.slice(160, 240), events.slice(240)];
    const json = (list: readonly TraceEvent[]) => new TextEncoder().encode(JSON.stringify(list));
    // As earlier versions wrote them: LZ77 over JSON, deflated JSON, plain JSON.
    const jsonLz77: StoredPart = { codec: 'lz77-v1', bytes: lz77Compress(json(b)) };
    const deflated = await transformBytes(json(c), new CompressionStream('deflate-raw'));
    const parts: StoredPart[] = [encodePart(a), jsonLz77, deflated, JSON.stringify(d)];
    for (let i = 0; i < parts.length; i++) await writePart('forms', span(i + 1, events), parts[i] as StoredPart, []);
    expect(await readChunk('forms', 0)).toEqual(events);
  });

  it('a damaged LZ77 part is an error, not events', async () => {
    const part = encodePart(events);
    if (typeof part !== 'object' || part instanceof Uint8Array) throw new Error('expected an LZ77 part');
    const cut = { ...part, bytes: part.bytes.slice(0, part.bytes.length - 5) };
    await expect(decodePart(cut)).rejects.toThrow(/corrupt/);
  });
});
