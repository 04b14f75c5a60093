// Goal: every form a part has been stored in reads back as the events written: the LZ77 parts
// written now, and the deflated and plain JSON parts that earlier versions wrote (a user's
// kept trace outlives an upgrade); a damaged part is an error, not wrong events; a part is much
// smaller than its JSON. Method: fake-indexeddb; parts written through writePart directly.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { msgId, nodeId, requestId } from '../core/ids';
import type { TraceEvent } from '../core/trace';
import type { ChunkSpan, StoredPart } from './traceDisk';
import { decodePart, encodePart, readChunk, writePart } from './traceDisk';
import { transformBytes } from './storage/streamCompressor';

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
  it('an LZ77 part decodes to the events encoded, and is a fraction of their JSON', async () => {
    const part = encodePart(events);
    expect(await decodePart(part)).toEqual(events);
    const bytes = typeof part === 'object' && !(part instanceof Uint8Array) ? part.bytes.length : Infinity;
    expect(bytes).toBeLessThan(JSON.stringify(events).length / 3);
  });

  it('reads a chunk whose parts were stored in all three forms, in time order', async () => {
    const [a, b, c] = [events.slice(0, 100), events.slice(100, 200), events.slice(200)];
    const deflated = await transformBytes(new TextEncoder().encode(JSON.stringify(b)), new CompressionStream('deflate-raw'));
    const parts: StoredPart[] = [encodePart(a), deflated, JSON.stringify(c)];
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
