/**
 * The ceiling of the simulator bench: the simulator's own event loop (SimLoop: the event queue,
 * message ids, the cut and loss checks, latency sampled from the seeded PRNG, dispatch) driving
 * five trivial nodes that answer every message with another, with no storage and no protocol.
 * Whatever Ringlab's nodes do per delivery comes on top of this, so the bench prints its figure
 * as a ratio of this one: the distance from the goal that the event machinery alone leaves.
 */
import type { NodeEnv } from '../src/core/env';
import type { NodeId } from '../src/core/ids';
import { nodeId } from '../src/core/ids';
import type { Message } from '../src/core/messages';
import { foldLogRecord } from '../src/core/disk';
import { createRandom } from '../src/core/prng';
import { defaultStorageOptions } from '../src/core/storage';
import type { HostedNode, Slot } from '../src/sim/simSlots';
import { SimStorage } from '../src/sim/simDisk';
import { SimLoop } from '../src/sim/simLoop';
import type { SimOptions } from '../src/sim';

/** Answers a ping with a pong and a pong with a ping, to whoever sent it, while `more()` holds. */
class EchoNode implements HostedNode {
  constructor(
    private readonly env: NodeEnv,
    private readonly more: () => boolean,
  ) {}

  onMessage(from: NodeId, m: Message): void {
    if (this.more()) this.env.send(from, m.type === 'ping' ? { type: 'pong' } : { type: 'ping' });
  }

  onTimer(): void {}

  onClientRequest(): void {}
}

class EchoLoop extends SimLoop<EchoNode> {
  constructor(options: SimOptions, deliveries: number) {
    super(options);
    for (const spec of options.cluster.nodes) {
      const id = nodeId(spec.id);
      // A disk the echo nodes never touch: the loop's environment expects one per slot.
      const disk = new SimStorage(() => undefined, () => 0, (prev, rec) => foldLogRecord(prev, rec, 'vclock'), defaultStorageOptions);
      const slot: Slot<EchoNode> = { spec, disk, random: createRandom(1), node: null, generation: 0, incarnation: 0, member: true, leaving: false };
      slot.node = new EchoNode(this.envFor(id, slot), () => this.deliveries < deliveries);
      this.slots.set(id, slot);
    }
  }

  /** Starts `inFlight` messages, round-robin from each node to the next. */
  start(inFlight: number): void {
    const ids = [...this.slots.keys()];
    for (let i = 0; i < inFlight; i++) {
      const from = ids[i % ids.length] as NodeId;
      const to = ids[(i + 1) % ids.length] as NodeId;
      this.slots.get(to)?.node?.onMessage(from, { type: 'pong' });
    }
  }

  protected onSettled(): void {}

  protected countRequest(): void {}
}

/**
 * Delivers `deliveries` messages between five echo nodes on the bench's network settings, with
 * `inFlight` messages in flight at a time (the Ringlab workload keeps about 200 events queued),
 * `repeats` times over: one pass takes a fraction of a second, and the CPU clock ticks every 10 ms.
 */
export function runCeiling(options: SimOptions, deliveries: number, inFlight: number, repeats: number, cpuSeconds: () => number | undefined): { deliveries: number; cpuSeconds: number | undefined } {
  let delivered = 0;
  const cpu0 = cpuSeconds();
  for (let i = 0; i < repeats; i++) {
    const loop = new EchoLoop({ ...options, trace: false }, deliveries);
    loop.start(inFlight);
    loop.runUntil(Number.MAX_SAFE_INTEGER);
    delivered += loop.deliveries;
  }
  const cpu1 = cpuSeconds();
  return { deliveries: delivered, cpuSeconds: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}
