/**
 * The one way in for a scenario: shape (zod), then the rules of the step walk, then defaults
 * that depend on the steps. Pure, and never throws: every problem comes back as an error.
 */
import type { z } from 'zod';
import type { ParseResult, ScenarioError } from './scenarioError';
import { capErrors } from './scenarioError';
import type { Scenario, Step } from './scenarioSchema';
import { scenarioSchema, untilMarginMs } from './scenarioSchema';
import { checkScenarioRules } from './checkRules';
import { issuesToErrors } from './issueMessages';
import { stepsInTimeOrder } from './timeOrder';

/**
 * Validates anything (a parsed JSON document, a preset, an object the editor built) and
 * returns either a runnable Scenario with every default filled in, or every problem found,
 * each with the path of the field at fault.
 */
export function parseScenario(input: unknown): ParseResult<Scenario> {
  try {
    const shaped = scenarioSchema.safeParse(input, { reportInput: true });
    if (!shaped.success) return { ok: false, errors: capErrors(issuesToErrors(shaped.error.issues)) };
    const broken = checkScenarioRules(shaped.data);
    if (broken.length > 0) return { ok: false, errors: capErrors(broken) };
    return { ok: true, scenario: normalise(shaped.data) };
  } catch (e) {
    return { ok: false, errors: [unexpected(e)] };
  }
}

/** parseScenario for text, as pasted or loaded from a file: bad JSON is one more error. */
export function parseScenarioJson(text: string): ParseResult<Scenario> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  return parseScenario(input);
}

/** Fills `until` and puts the steps in the order they run, so no host re-derives either. */
function normalise(parsed: z.output<typeof scenarioSchema>): Scenario {
  const steps = stepsInTimeOrder(parsed.steps).map(({ step }) => step);
  return { ...parsed, until: parsed.until ?? lastStepEndMs(steps) + untilMarginMs, steps };
}

/** When the step that ends last is over: its `at`, plus `durationMs` for a workload. */
function lastStepEndMs(steps: readonly Step[]): number {
  let endMs = 0;
  for (const step of steps) endMs = Math.max(endMs, step.at + (step.do === 'workload' ? step.durationMs : 0));
  return endMs;
}

/**
 * A throw can only come from input no JSON text produces: nesting deep enough to overflow the
 * stack, or a getter that throws. It is still the input's fault, so it is answered, not raised.
 */
function unexpected(e: unknown): ScenarioError {
  if (e instanceof RangeError) return { path: '', message: 'the scenario is nested too deeply to read' };
  return { path: '', message: `could not read the scenario: ${e instanceof Error ? e.message : String(e)}` };
}
