// The scenario format's public face: parse, format errors, the schema and its types. Re-exports only.
export type { ParseResult, ScenarioError } from './scenarioError';
export { formatScenarioErrors, maxReportedErrors } from './scenarioError';
export { parseScenario, parseScenarioJson } from './parseScenario';
export type {
  ClusterSettings,
  NetworkSettings,
  NodeSpec,
  Scenario,
  ScenarioInput,
  Step,
  StepKind,
  StepOf,
} from './scenarioSchema';
export { maxSteps, scenarioJsonSchema, scenarioSchema, untilMarginMs } from './scenarioSchema';
export { stepKinds } from './stepSchema';
export { stepsInTimeOrder } from './timeOrder';
export { renderScenarioReference } from './docsReference';
