// Goal: what the live cluster saves lets the next open go on where this one stood: the id
// counters as they stand at every save (so ids never repeat in the kept trace), and the present
// as where the clock resumes, never earlier than before; a localStorage that refuses a save (a
// user's change or the resume point) is said once and throws nothing, and the change still holds
// for the page. Method: an in-memory localStorage, the saved entry read
// back with loadClusterConfig as a reload would, a clock the test moves by hand.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveClusterConfig } from './clusterConfig';
import { defaultClusterConfig, loadClusterConfig } from './clusterConfig';
import { legacyIds } from './clusterIds';
import { ClusterPersistence } from './clusterPersistence';

/** localStorage as a page has it, in memory; `full` makes every setItem throw as a full one does. */
function fakeStorage() {
  const items = new Map<string, string>();
  const storage = {
    full: false,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (storage.full) throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
  };
  return storage;
}

let storage = fakeStorage();
beforeEach(() => {
  storage = fakeStorage();
  vi.stubGlobal('localStorage', storage);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A persistence over `config` with a hand-moved clock, and the problems it told. */
function opened(config: LiveClusterConfig) {
  const clock = { nowMs: 0 };
  const problems: string[] = [];
  const saved = new ClusterPersistence(config, { now: () => clock.nowMs, problem: (m) => problems.push(m) });
  return { saved, clock, problems };
}

/** What a reload reads back. */
function reloaded(name: string): LiveClusterConfig {
  const config = loadClusterConfig(name);
  if (config === null) throw new Error(`nothing saved for ${name}`);
  return config;
}

describe('cluster persistence', () => {
  it('a cluster saved by an older version (no counters) has the counters it resumed saved as it opens', () => {
    const older: LiveClusterConfig = { ...defaultClusterConfig('older', 1), nextRequestId: undefined, lastLife: undefined };
    opened(older);
    expect(reloaded('older')).toMatchObject(legacyIds);
  });

  it('every save carries the counters as they stand, and the next open goes on past every id handed out', () => {
    const { saved } = opened(defaultClusterConfig('ids', 1));
    const reqs = [saved.nextRequestId(), saved.nextRequestId(), saved.nextRequestId()];
    const lives = [saved.nextLife(), saved.nextLife()];
    saved.save({ ...saved.config, vnodes: 8 });
    const again = opened(reloaded('ids')).saved;
    expect(again.config.vnodes).toBe(8);
    const nextReq = again.nextRequestId();
    const nextLife = again.nextLife();
    expect(reqs.every((r) => r < nextReq)).toBe(true);
    expect(lives.every((l) => l < nextLife)).toBe(true);
  });

  it('keeps the present as the resume point, never earlier than the event about to be kept or the last one saved', () => {
    const { saved, clock } = opened(defaultClusterConfig('present', 1));
    clock.nowMs = 500;
    saved.keepPresent(0);
    expect(reloaded('present').resumeAtMs).toBe(500);
    saved.keepPresent(800);
    expect(reloaded('present').resumeAtMs).toBe(800);
    clock.nowMs = 600;
    saved.keepPresent(0);
    expect(reloaded('present').resumeAtMs).toBe(800);
    expect(saved.config.resumeAtMs).toBe(800);
  });

  it('a resume point localStorage refuses is said once until a save works again, and nothing throws', () => {
    const { saved, clock, problems } = opened(defaultClusterConfig('full', 1));
    storage.full = true;
    clock.nowMs = 100;
    expect(() => saved.keepPresent(0)).not.toThrow();
    saved.keepPresent(0);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/could not be saved \(the quota has been exceeded\): a reload may lose its latest changes/);
    storage.full = false;
    saved.keepPresent(0);
    expect(reloaded('full').resumeAtMs).toBe(100);
    storage.full = true;
    saved.keepPresent(0);
    expect(problems).toHaveLength(2);
  });

  it('a change localStorage refuses holds for this page, is said once and throws nothing; a fresh start tells it again', () => {
    const { saved, problems } = opened(defaultClusterConfig('full-change', 1));
    storage.full = true;
    const r2 = { ...saved.config, settings: { ...saved.config.settings, r: 1 } };
    expect(() => saved.save(r2)).not.toThrow();
    expect(saved.config.settings.r).toBe(1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/the cluster's configuration could not be saved \(the quota has been exceeded\): a reload may lose its latest changes/);
    saved.save({ ...saved.config, vnodes: 4 });
    expect(saved.config).toMatchObject({ vnodes: 4, settings: { r: 1 } });
    expect(problems).toHaveLength(1);
    // What a reload would read: the configuration from before localStorage filled up.
    expect(reloaded('full-change').settings.r).toBe(2);
    // A fresh start clears the page's problems: a save that fails then is told again.
    saved.startAgain(defaultClusterConfig('full-change', 2));
    expect(problems).toHaveLength(2);
    expect(saved.config.seed).toBe(2);
  });
});
