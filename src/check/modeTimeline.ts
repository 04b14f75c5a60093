// Which conflict mode was in force when: a run can change it (a `set` step), and a read is
// judged by the mode in force when it began. Pure.
import type { ConflictMode } from './history';

/** From `at` (simulated ms) on, the run used `mode`. */
export interface ModeChange {
  readonly at: number;
  readonly mode: ConflictMode;
}

export class ModeTimeline {
  private readonly changes: readonly ModeChange[];

  constructor(
    readonly initial: ConflictMode,
    changes: readonly ModeChange[] = [],
  ) {
    this.changes = [...changes].sort((a, b) => a.at - b.at);
  }

  /** The mode in force at `atMs`: a change at exactly that time already applies. */
  at(atMs: number): ConflictMode {
    let mode = this.initial;
    for (const c of this.changes) {
      if (c.at > atMs) break;
      mode = c.mode;
    }
    return mode;
  }

  /** The mode at the end of the run. */
  get final(): ConflictMode {
    return this.changes[this.changes.length - 1]?.mode ?? this.initial;
  }

  /** Every mode the run used, each once. */
  get modes(): ConflictMode[] {
    return [...new Set([this.initial, ...this.changes.map((c) => c.mode)])];
  }
}

/** A single mode, or a timeline of them, as a timeline. */
export function timelineOf(mode: ConflictMode | ModeTimeline): ModeTimeline {
  return typeof mode === 'string' ? new ModeTimeline(mode) : mode;
}
