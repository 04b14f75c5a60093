// Reads every serving node's stats (key count, unreachable peers) twice a second for the page.
// Polling, not pushing: a stats read costs one comlink call, and an idle cluster stays quiet.
import type { NodeId } from '../core/ids';
import type { NodeHandle } from './nodeHandle';
import type { NodeStats } from './workerProtocol';

export const statsPollMs = 500;

export class StatsPoller {
  private readonly timer: ReturnType<typeof setInterval>;
  private polling = false;

  constructor(
    /** The nodes to read now (serving ones); none while paused, which must stay still. */
    private readonly targets: () => readonly NodeHandle[],
    private readonly onStats: (id: NodeId, stats: NodeStats) => void,
  ) {
    this.timer = setInterval(() => void this.poll(), statsPollMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    // One round at a time: a busy worker answers late, and rounds must not pile up.
    if (this.polling) return;
    this.polling = true;
    try {
      const read = this.targets().map((h) => h.api.stats().then((s) => this.onStats(h.id, s)));
      await Promise.allSettled(read);
    } finally {
      this.polling = false;
    }
  }
}
