/**
 * The scenario format, version 1: one zod schema that is the single source of its validation,
 * its TypeScript types and its reference documentation.
 */
import { z } from 'zod';
import { clusterSchema, networkSchema, nodeSpecSchema } from './clusterSchema';
import { stepSchema } from './stepSchema';
import { maxSteps } from './scenarioLimits';

export { maxSteps };

/** Added to the end of the last step when `until` is not given, so its effects can play out. */
export const untilMarginMs = 5000;

/**
 * The whole document. `until` is optional here because its default depends on the steps;
 * parseScenario fills it in, which is why `Scenario` (not this schema's output) is the type
 * the hosts consume.
 */
export const scenarioSchema = z.strictObject({
  version: z.literal(1).describe('The format version. This is version 1; a later format will bump it.'),
  seed: z
    .uint32()
    .default(1)
    .describe('Seeds every random choice (latency draws, loss, `via`-less coordinators, workloads): the same seed replays the same run.'),
  until: z
    .number()
    .min(0)
    .optional()
    .describe('Simulated ms at which the run stops.')
    .meta({ defaultText: `the end of the last step (its \`at\`, plus \`durationMs\` for a workload) + ${untilMarginMs}` }),
  cluster: clusterSchema.describe('The nodes and how the store behaves.'),
  network: networkSchema
    .prefault({})
    .describe('How messages travel between nodes.'),
  steps: z
    .array(stepSchema)
    .max(maxSteps)
    .describe(`What happens, and when (at most ${maxSteps} steps). Order in the array matters only between steps with the same \`at\`.`),
});

/** A scenario as written, before defaults: what a preset, a test or the editor may build. */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/**
 * A valid scenario with every default filled in, `until` included, and its steps in time
 * order (stable: steps with the same `at` keep their array order).
 */
export type Scenario = Omit<z.output<typeof scenarioSchema>, 'until'> & { until: number };

/** One step; switch on `do`. */
export type Step = z.output<typeof stepSchema>;

/** The step kinds, `put` to `workload`. */
export type StepKind = Step['do'];

/** The step of one kind, e.g. `StepOf<'put'>`, for a handler that takes only that kind. */
export type StepOf<K extends StepKind> = Extract<Step, { do: K }>;

export type ClusterSettings = z.output<typeof clusterSchema>;
export type NetworkSettings = z.output<typeof networkSchema>;
export type NodeSpec = z.output<typeof nodeSpecSchema>;

/**
 * The format as JSON Schema, describing what a user may write (defaults are optional), for
 * editors' autocompletion and for the generated reference in docs/scenarios.md.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input' });
}
