/**
 * The scenario schema of core's latency models. Core's TypeScript types are the source; the
 * checks at the bottom fail to compile if this schema ever drifts from them.
 */
import { z } from 'zod';
import type { ClassedLatency, LatencyModel, SimpleLatency } from '../core/network/latency';

const delayMs = z.number().min(0);

const fixedSchema = z.strictObject({
  kind: z.literal('fixed').describe('Every message takes exactly `ms`.'),
  ms: delayMs.describe('The delay in milliseconds.'),
});

const uniformSchema = z
  .strictObject({
    kind: z.literal('uniform').describe('Any delay between `minMs` and `maxMs`, all equally likely.'),
    minMs: delayMs.describe('The shortest delay.'),
    maxMs: delayMs.describe('The longest delay; at least `minMs`.'),
  })
  .refine((u) => u.minMs <= u.maxMs, {
    path: ['maxMs'],
    error: (issue) => {
      const u = issue.input as { minMs: number; maxMs: number };
      return `maxMs (${u.maxMs}) is less than minMs (${u.minMs})`;
    },
  });

const exponentialSchema = z.strictObject({
  kind: z
    .literal('exponential')
    .describe('Mostly short delays with an occasional long one; the standard model of queueing.'),
  meanMs: delayMs.describe('The average delay.'),
});

const paretoSchema = z.strictObject({
  kind: z
    .literal('pareto')
    .describe('A heavy tail: rare but very long delays, as measured on real networks (PBS).'),
  xmMs: z.number().gt(0).describe('The shortest delay (the scale); every draw is at least this.'),
  alpha: z
    .number()
    .gt(0)
    .describe('The tail index: smaller means a heavier tail. The mean is infinite when alpha ≤ 1.'),
});

/**
 * One delay distribution. A getter makes the mixture recursive; the explicit type breaks the
 * inference cycle and is itself a check that the schema's output is core's SimpleLatency.
 */
export const simpleLatencySchema: z.ZodType<SimpleLatency, SimpleLatency> = z
  .discriminatedUnion('kind', [
    fixedSchema,
    uniformSchema,
    exponentialSchema,
    paretoSchema,
    z.strictObject({
      kind: z
        .literal('mixture')
        .describe('Each message draws one part by weight, then its delay from that part.'),
      get parts() {
        return z
          .array(
            z.strictObject({
              weight: z.number().gt(0).describe('Relative chance of this part; any positive number.'),
              latency: simpleLatencySchema.describe('The delay model of this part.'),
            }).meta({ title: 'mixture part' }),
          )
          .min(1)
          .max(16)
          .describe('The parts (1 to 16).');
      },
    }),
  ])
  .meta({ title: 'latency' });

/** One latency per WARS message class (Bailis et al., PBS, VLDB 2012): all five are required. */
export const classedLatencySchema = z
  .strictObject({
    write: simpleLatencySchema.describe('Coordinator to replica, carrying a write (W in the WARS model).'),
    ack: simpleLatencySchema.describe('Replica to coordinator, acknowledging a write (A).'),
    read: simpleLatencySchema.describe('Coordinator to replica, asking for a key (R).'),
    response: simpleLatencySchema.describe('Replica to coordinator, answering a read (S).'),
    other: simpleLatencySchema.describe('Every other message: forwards, gossip, hints, anti-entropy.'),
  })
  .meta({ title: 'latency per message class' });

/** What the network's `latency` field takes: one model for all messages, or one per class. */
export const latencyModelSchema = z.union([simpleLatencySchema, classedLatencySchema]);

// Compile-time proof that parsed values are what core's network code takes, and back.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.output<typeof classedLatencySchema>, ClassedLatency>;
true satisfies Same<z.output<typeof latencyModelSchema>, LatencyModel>;
true satisfies Same<z.output<typeof simpleLatencySchema>, SimpleLatency>;
