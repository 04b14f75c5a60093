// Types only: what the replay worker answers.
import type { FinalState } from '../../check';
import type { TraceEvent } from '../../core/trace';
import type { LoadPlan } from '../../runtime/loadedCluster';

export type ReplayReply =
  | { readonly ok: true; readonly trace: TraceEvent[]; readonly final: FinalState; readonly until: number; readonly plan: LoadPlan }
  | { readonly ok: false; readonly message: string };
