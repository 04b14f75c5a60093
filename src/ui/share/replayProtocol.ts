// Types only: what the replay worker answers.
import type { FinalState } from '../../check';
import type { TraceEvent } from '../../core/trace';

export type ReplayReply =
  | { readonly ok: true; readonly trace: TraceEvent[]; readonly final: FinalState; readonly until: number }
  | { readonly ok: false; readonly message: string };
