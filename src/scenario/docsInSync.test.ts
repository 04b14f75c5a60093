// Goal: docs/scenarios.md always shows the schema and the chapter preset as they are, so a
// schema change without regenerating the docs fails here. Method: regenerate the document's
// generated parts in memory and require the result to equal the file on disk.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderScenarioReference } from './docsReference';
import type { EmbeddedPreset } from './docsUpdate';
import { embeddedPresets, referenceMarkers, replaceBetweenMarkers, updateScenarioDocs } from './docsUpdate';
import { scenarioJsonSchema } from './scenarioSchema';

const read = (relative: string): string => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');
const doc = read('../../docs/scenarios.md');
const presets = Object.fromEntries(embeddedPresets.map((name) => [name, read(`./presets/${name}.json`)])) as Record<EmbeddedPreset, string>;

describe('docs/scenarios.md', () => {
  it('contains the field reference generated from the current schema', () => {
    expect(doc).toContain(renderScenarioReference(scenarioJsonSchema()));
  });

  it('is exactly what the generator would write (run npx tsx scripts/gen-scenario-docs.ts if not)', () => {
    expect(updateScenarioDocs(doc, presets)).toBe(doc);
  });

  it('documents every step kind and every top-level field', () => {
    const reference = renderScenarioReference(scenarioJsonSchema());
    const kinds = ['put', 'get', 'delete', 'kill', 'restart', 'wipe', 'cut', 'heal', 'partition', 'healAll', 'join', 'leave', 'zone', 'set', 'network', 'workload'];
    for (const kind of kinds) expect(reference).toContain(`#### \`do: "${kind}"\``);
    for (const field of ['version', 'seed', 'until', 'cluster', 'network', 'steps']) expect(reference).toContain(`| \`${field}\` |`);
  });
});

describe('replaceBetweenMarkers', () => {
  it('replaces only the text between the markers and keeps the markers', () => {
    const text = `a\n${referenceMarkers.start}\nold\n${referenceMarkers.end}\nb`;
    expect(replaceBetweenMarkers(text, referenceMarkers, '\nnew\n')).toBe(`a\n${referenceMarkers.start}\nnew\n${referenceMarkers.end}\nb`);
  });

  it('refuses a document without the markers rather than writing the reference somewhere else', () => {
    expect(() => replaceBetweenMarkers('no markers here', referenceMarkers, 'x')).toThrow(/markers/);
  });
});
