/**
 * `npm run sim -- FILE [--json]`: runs a scenario in the deterministic simulator. Prints a
 * readable summary, or with --json the report alone on stdout. A scenario that does not
 * validate gets one line per problem on stderr and exit code 2, never a stack trace. The
 * checker's findings do not change the exit code: they are what a scenario shows (README.md).
 */
import { readFileSync } from 'node:fs';
import { parseScenarioJson, formatScenarioErrors } from '../scenario';
import { runScenario } from '../sim';
import { formatSummary } from './summary';

const usage = 'usage: npm run sim -- FILE [--json]';

function main(argv: readonly string[]): number {
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  if (files.length !== 1 || files[0] === undefined || files[0].startsWith('-')) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const file = files[0];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const parsed = parseScenarioJson(text);
  if (!parsed.ok) {
    process.stderr.write(`${file} is not a valid scenario:\n${formatScenarioErrors(parsed.errors)}\n`);
    return 2;
  }
  const { report } = runScenario(parsed.scenario);
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(formatSummary(file, parsed.scenario, report));
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // A bug, not bad input: one line, and a distinct exit code.
  process.stderr.write(`sim failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
