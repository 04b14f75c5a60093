// Types only: what the replay worker is asked (a share link's fragment) and answers.
import type { FinalState } from '../../check';
import type { TraceEvent } from '../../core/trace';
import type { LoadPlan } from '../../runtime/loadedCluster';
import type { Scenario } from '../../scenario';
import type { SharePosition } from '../../scenario/shareUrl';

export type ReplayReply =
  | {
      readonly ok: true;
      readonly scenario: Scenario;
      readonly position: SharePosition;
      readonly trace: TraceEvent[];
      readonly final: FinalState;
      readonly until: number;
      readonly plan: LoadPlan;
    }
  /** `decode`: the link is broken (its message says how); `replay`: the simulator failed on a valid scenario. */
  | { readonly ok: false; readonly stage: 'decode' | 'replay'; readonly message: string };
