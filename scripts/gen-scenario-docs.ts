// Regenerates the generated parts of docs/scenarios.md: the field reference (from the scenario
// schema) and the embedded examples (from their presets). `--check` only reports whether they are
// out of date and exits 1 if so. Run: npx tsx scripts/gen-scenario-docs.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { embeddedPresets, updateScenarioDocs } from '../src/scenario/docsUpdate';

const docPath = fileURLToPath(new URL('../docs/scenarios.md', import.meta.url));
const presetText = (name: string) => readFileSync(fileURLToPath(new URL(`../src/scenario/presets/${name}.json`, import.meta.url)), 'utf8');

const doc = readFileSync(docPath, 'utf8');
const updated = updateScenarioDocs(doc, Object.fromEntries(embeddedPresets.map((name) => [name, presetText(name)])) as Record<(typeof embeddedPresets)[number], string>);

if (updated === doc) {
  console.log('docs/scenarios.md is up to date.');
} else if (process.argv.includes('--check')) {
  console.error('docs/scenarios.md is out of date: run npx tsx scripts/gen-scenario-docs.ts');
  process.exitCode = 1;
} else {
  writeFileSync(docPath, updated);
  console.log('docs/scenarios.md regenerated.');
}
