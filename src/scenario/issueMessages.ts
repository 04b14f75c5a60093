/**
 * Turns zod's validation issues into ScenarioErrors a user understands ("expected one of put,
 * get, …", "unknown field 'colour'"). Pure; the only place that reads zod's issue shapes.
 */
import type { z } from 'zod';
import type { ScenarioError } from './scenarioError';
import { formatPath } from './scenarioError';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Every zod issue of one failed parse, in zod's order, as ScenarioErrors. */
export function issuesToErrors(issues: readonly Issue[], base: Path = []): ScenarioError[] {
  return issues.flatMap((issue) => issueToErrors(issue, base));
}

function issueToErrors(issue: Issue, base: Path): ScenarioError[] {
  const path = [...base, ...issue.path];
  const at = (message: string): ScenarioError[] => [{ path: formatPath(path), message }];
  switch (issue.code) {
    case 'invalid_type':
      return at(invalidType([issue.expected], issue.input));
    case 'invalid_value':
      return at(invalidValue(issue.values, issue.input, path));
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: `unknown field '${key}'` }));
    case 'invalid_union':
      return unionErrors(issue, path);
    case 'too_small':
      return at(tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false, issue.input));
    case 'too_big':
      return at(tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false, issue.input));
    case 'not_multiple_of':
      return at(`must be a multiple of ${issue.divisor}${got(issue.input)}`);
    case 'invalid_key':
    case 'invalid_element':
      return issuesToErrors(issue.issues, path);
    case 'invalid_format':
    case 'custom':
      // Every format check and refinement in the scenario schema words its own message.
      return at(issue.message);
    default: {
      const unknownIssue: { message: string } = issue;
      return at(unknownIssue.message);
    }
  }
}

const typeWords: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
};

const jsonTypes = ['string', 'number', 'boolean', 'null', 'array', 'record'];

function invalidType(expected: readonly string[], input: unknown): string {
  const isJson = jsonTypes.every((t) => expected.includes(t));
  const words = isJson ? ['a JSON value'] : [...new Set(expected.map((t) => typeWords[t] ?? t))];
  const wanted = words.length <= 2 ? words.join(' or ') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
  if (input === undefined) return `missing: expected ${wanted}`;
  if (typeof input === 'number' && !Number.isFinite(input)) return `expected a finite number${got(input)}`;
  return `expected ${wanted}${got(input)}`;
}

function invalidValue(values: readonly unknown[], input: unknown, path: Path): string {
  if (path.length === 1 && path[0] === 'version' && input !== undefined) {
    return `unsupported version${got(input, ' ')}: this format is version ${values.map(String).join(', ')}`;
  }
  const listed = values.map(String);
  const wanted = listed.length === 1 ? `expected ${listed[0]}` : `expected one of ${listed.join(', ')}`;
  return input === undefined ? `missing: ${wanted}` : `${wanted}${got(input)}`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean, input: unknown): string {
  if (origin === 'array') return `needs at least ${minimum} ${minimum === 1 ? 'item' : 'items'}`;
  if (origin === 'string') return `must be at least ${minimum} ${minimum === 1 ? 'character' : 'characters'} long`;
  return `must be ${inclusive ? 'at least' : 'more than'} ${minimum}${got(input)}`;
}

function tooBig(origin: string, maximum: number, inclusive: boolean, input: unknown): string {
  if (origin === 'array') {
    const count = Array.isArray(input) ? `has ${input.length} items; ` : '';
    return `${count}at most ${maximum} are allowed`;
  }
  if (origin === 'string') return `must be at most ${maximum} characters long`;
  return `must be ${inclusive ? 'at most' : 'less than'} ${maximum}${got(input)}`;
}

/**
 * A union's issue. A discriminated union names the tag it expected. Otherwise the branch that
 * got furthest into the input is the one the user meant, so only its issues are reported.
 */
function unionErrors(issue: Extract<Issue, { code: 'invalid_union' }>, path: Path): ScenarioError[] {
  const at = (message: string): ScenarioError[] => [{ path: formatPath(path), message }];
  if (issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined) {
    const options = issue.options.map(String).join(', ');
    // zod reports this issue at the tag's path, so the parent holds the object that lacked it.
    const tag = issue.discriminator;
    const value = tagValue(issue.input, tag);
    return value === undefined ? at(`missing '${tag}': expected one of ${options}`) : at(`expected one of ${options}${got(value)}`);
  }
  const branches = issue.errors;
  if (branches.length === 0) return at('does not match any allowed form');
  const rootTypes = branches.map((b) => (b.length === 1 && b[0]?.code === 'invalid_type' && b[0].path.length === 0 ? b[0].expected : undefined));
  if (rootTypes.every((t) => t !== undefined)) return at(invalidType(rootTypes, issue.input));
  const ranked = branches
    .map((branch) => ({ branch, score: branchScore(branch, issue.input) }))
    .sort((a, b) => b.score.known - a.score.known || b.score.depth - a.score.depth || a.branch.length - b.branch.length);
  return issuesToErrors(ranked[0]?.branch ?? [], path);
}

/**
 * How well a union branch fits the input: how many of the input's fields it knows (none if
 * the input lacks the branch's tag), then how deep its errors go.
 */
function branchScore(branch: readonly Issue[], input: unknown): { known: number; depth: number } {
  const depth = Math.max(...branch.map((i) => i.path.length));
  const only = branch.length === 1 ? branch[0] : undefined;
  if (only?.code === 'invalid_union' && only.discriminator !== undefined && tagValue(input, only.discriminator) === undefined) {
    return { known: 0, depth };
  }
  const fields = typeof input === 'object' && input !== null ? Object.keys(input).length : 0;
  const unknown = branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys.length : 0), 0);
  return { known: fields - unknown, depth };
}

function tagValue(input: unknown, tag: string): unknown {
  if (typeof input !== 'object' || input === null) return undefined;
  return (input as Record<string, unknown>)[tag];
}

/** ", got 'abc'": what the user wrote, short enough for one line. */
function got(input: unknown, lead = ', got '): string {
  if (input === undefined) return '';
  if (typeof input === 'string') return `${lead}'${input.length > 40 ? `${input.slice(0, 40)}…` : input}'`;
  if (input === null || typeof input === 'number' || typeof input === 'boolean') return `${lead}${String(input)}`;
  if (Array.isArray(input)) return `${lead}an array`;
  return `${lead}${typeof input === 'object' ? 'an object' : `a ${typeof input}`}`;
}
