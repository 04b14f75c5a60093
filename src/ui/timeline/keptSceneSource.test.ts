// Goal: a window reaching before memory into the kept chunks, too dense to draw whole, draws its
// newest events (next to the present) and says where they begin, as a window in memory does.
// Method: fake-indexeddb under a real TraceKeep holding the whole run, a TimelineIndex holding its
// newest part, buildScene over the source asked again, as frames do, until the chunks are read.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { msgId, nodeId } from '../../core/ids';
import type { TraceEvent } from '../../core/trace';
import { chunkEventsTarget, TraceKeep } from '../../runtime/traceKeep';
import { KeptChunks } from './keptChunks';
import { keptSceneSource } from './keptSceneSource';
import { TimelineIndex } from './timelineIndex';
import { buildScene, sceneItemsMax } from './timelineScene';
import type { Scene } from './timelineScene';

const noFilter = { key: '', lane: '', kind: null };
/** Ten events per simulated ms, each a 1 ms message. */
const send = (i: number): TraceEvent => ({ type: 'send', at: i / 10, node: nodeId('S1'), msgId: msgId(i), to: nodeId('S2'), msg: 'gossip', deliverAt: i / 10 + 1 });

describe('keptSceneSource', () => {
  it('draws the newest part of a dense window over kept history, and says where it begins', async () => {
    const total = sceneItemsMax + chunkEventsTarget;
    const inMemory = chunkEventsTarget / 2;
    const events = Array.from({ length: total }, (_, i) => send(i));
    const keep = new TraceKeep('scene-dense');
    for (let i = 0; i < total; i += chunkEventsTarget) {
      keep.append(events.slice(i, i + chunkEventsTarget));
      await keep.flush();
    }
    const index = new TimelineIndex();
    index.append(events.slice(total - inMemory));
    const kept = new KeptChunks(keep);
    const source = keptSceneSource(index, () => kept);
    let scene: Scene | null = null;
    for (let frame = 0; frame < 200 && scene?.denseFromMs == null; frame++) {
      scene = buildScene(source, 0, total / 10, noFilter, null);
      await new Promise((r) => setTimeout(r, 5));
    }
    const newestFrom = (total - sceneItemsMax) / 10;
    expect(scene?.denseFromMs).toBe(newestFrom);
    expect(scene?.arrows).toHaveLength(sceneItemsMax);
    const at = scene?.arrows.map((a) => a.atMs) ?? [];
    expect(Math.max(...at)).toBe((total - 1) / 10);
    expect(Math.min(...at)).toBe(newestFrom);
    // A window over kept history that fits is read whole, and says nothing.
    const fits = buildScene(source, newestFrom + 10, total / 10, noFilter, null);
    expect(fits.denseFromMs).toBeNull();
    expect(fits.arrows.length).toBe(total - (newestFrom + 10) * 10 + 10);
    await keep.close();
  }, 30_000);
});
