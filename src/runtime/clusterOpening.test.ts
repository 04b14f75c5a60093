// Goal: the entry's early opening is used by the page's boot when both name the same cluster,
// and when they do not (the tab's cluster changed in between), the early one is closed rather
// than left holding its workers and lock.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const opened: { name: string; close: ReturnType<typeof vi.fn> }[] = [];
let tabCluster = 'main';

vi.mock('./clusterConfig', () => ({ chooseClusterName: () => tabCluster }));
vi.mock('./liveCluster', () => ({
  LiveCluster: {
    open: (name: string) => {
      const cluster = { name, close: vi.fn() };
      opened.push(cluster);
      return Promise.resolve({ kind: 'open', cluster });
    },
  },
}));

beforeEach(() => {
  opened.length = 0;
  tabCluster = 'main';
  vi.resetModules();
});

describe('clusterOpening', () => {
  it("boot takes the early opening of the same cluster: one open in all", async () => {
    const { openClusterEarly, openCluster } = await import('./clusterOpening');
    openClusterEarly();
    const r = await openCluster('main');
    expect(opened.map((c) => c.name)).toEqual(['main']);
    expect(r).toEqual({ kind: 'open', cluster: opened[0] });
  });

  it('an early opening of another cluster is closed, and the asked one opened', async () => {
    const { openClusterEarly, openCluster } = await import('./clusterOpening');
    openClusterEarly();
    await openCluster('other');
    await Promise.resolve();
    expect(opened.map((c) => c.name)).toEqual(['main', 'other']);
    expect(opened[0]?.close).toHaveBeenCalledTimes(1);
    expect(opened[1]?.close).not.toHaveBeenCalled();
  });

  it('once the page has asked, the entry opens nothing more', async () => {
    const { openClusterEarly, openCluster } = await import('./clusterOpening');
    await openCluster('main');
    openClusterEarly();
    expect(opened.map((c) => c.name)).toEqual(['main']);
  });
});
