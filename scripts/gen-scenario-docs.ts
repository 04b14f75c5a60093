// Regenerates the generated parts of docs/scenarios.md: the field reference (from the scenario
// schema) and the chapter example (from its preset). `--check` only reports whether they are
// out of date and exits 1 if so. Run: npx tsx scripts/gen-scenario-docs.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { updateScenarioDocs } from '../src/scenario/docsUpdate';

const docPath = fileURLToPath(new URL('../docs/scenarios.md', import.meta.url));
const presetPath = fileURLToPath(new URL('../src/scenario/presets/chapter-vector-clocks.json', import.meta.url));

const doc = readFileSync(docPath, 'utf8');
const updated = updateScenarioDocs(doc, readFileSync(presetPath, 'utf8'));

if (updated === doc) {
  console.log('docs/scenarios.md is up to date.');
} else if (process.argv.includes('--check')) {
  console.error('docs/scenarios.md is out of date: run npx tsx scripts/gen-scenario-docs.ts');
  process.exitCode = 1;
} else {
  writeFileSync(docPath, updated);
  console.log('docs/scenarios.md regenerated.');
}
