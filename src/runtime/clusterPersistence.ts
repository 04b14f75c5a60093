// The live cluster's configuration as the page holds it, and its saving (clusterConfig.ts): every
// save carries the id counters as they stand (clusterIds.ts), and the kept trace's writes save the
// present first, as where the clock resumes after a reload. A save localStorage refuses (full)
// throws nothing: the change holds for this page, and the page is told a reload may lose it.
import type { RequestId } from '../core/ids';
import { requestId } from '../core/ids';
import type { LiveClusterConfig } from './clusterConfig';
import { saveClusterConfig } from './clusterConfig';
import { resumedIds } from './clusterIds';

export interface PersistenceHost {
  /** The cluster's simulated present. */
  now(): number;
  /** Tells the page a problem. */
  problem(message: string): void;
}

export class ClusterPersistence {
  private current: LiveClusterConfig;
  /** Id counters, resumed from the saved configuration: ids never repeat in the kept trace. */
  private nextReq: number;
  private life: number;
  /** The last save failed (localStorage full): said once until a save works again, not at every change. */
  private unsaved = false;

  constructor(
    config: LiveClusterConfig,
    private readonly host: PersistenceHost,
  ) {
    this.current = config;
    ({ nextRequestId: this.nextReq, lastLife: this.life } = resumedIds(config));
    // The counters are saved at once: a cluster of an older version must not take the legacy ones twice.
    this.save(config);
  }

  /** The configuration in force: the one saved last. */
  get config(): LiveClusterConfig {
    return this.current;
  }

  /** The id of the next client request. */
  nextRequestId(): RequestId {
    return requestId(this.nextReq++);
  }

  /** The number of the next worker life: its message ids are its own (clusterIds.ts). */
  nextLife(): number {
    return ++this.life;
  }

  /**
   * Makes `config` the one in force and saves it with the id counters as they stand: every id kept
   * so far is below them (the kept trace's writes save first, in keepPresent), so the next open
   * goes on past them. Never throws: it runs inside user commands and the trace's listeners, where
   * a throw would leave a command half done or cost the timeline and the recorder their batch.
   */
  save(config: LiveClusterConfig): void {
    this.current = { ...config, nextRequestId: this.nextReq, lastLife: this.life };
    try {
      saveClusterConfig(this.current);
      this.unsaved = false;
    } catch (e) {
      if (!this.unsaved) this.host.problem(`the cluster's configuration could not be saved (${e instanceof Error ? e.message : String(e)}): a reload may lose its latest changes`);
      this.unsaved = true;
    }
  }

  /** Saves `config` in place of everything (a fresh start: the page's problems were cleared, so a failing save is told again); the counters go on. */
  startAgain(config: LiveClusterConfig): void {
    this.unsaved = false;
    this.save(config);
  }

  /**
   * Saves the present (no earlier than `atLeastMs`, the latest event about to be kept) as where
   * the clock resumes after a reload, at each write of the kept trace and as the page goes: the
   * kept trace and last-write-wins timestamps must never see time run backwards.
   */
  keepPresent(atLeastMs: number): void {
    this.save({ ...this.current, resumeAtMs: Math.max(this.host.now(), atLeastMs, this.current.resumeAtMs ?? 0) });
  }
}
