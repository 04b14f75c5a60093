// Goal: every preset is a valid scenario, and the chapter's vector-clock preset tells the
// chapter's story. Method: parse each JSON file in presets/ with parseScenario; check the
// story's steps (who writes what, where, when) against the chapter.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson } from './parseScenario';
import type { Scenario } from './scenarioSchema';

const presetsDir = fileURLToPath(new URL('./presets/', import.meta.url));
const presetFiles = readdirSync(presetsDir).filter((f) => f.endsWith('.json'));

function loadPreset(file: string): Scenario {
  const result = parseScenarioJson(readFileSync(`${presetsDir}${file}`, 'utf8'));
  if (!result.ok) throw new Error(`${file} is invalid:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.scenario;
}

describe('presets', () => {
  it('there is at least one preset', () => {
    expect(presetFiles.length).toBeGreaterThan(0);
  });

  for (const file of presetFiles) {
    it(`${file} parses as a valid scenario`, () => {
      expect(() => loadPreset(file)).not.toThrow();
    });
  }

  it('every preset is listed in presets/README.md', () => {
    const readme = readFileSync(`${presetsDir}README.md`, 'utf8');
    for (const file of presetFiles) expect(readme).toContain(`\`${file}\``);
  });

  it('the vector-clock preset writes D1 and D2 via Sx, then D3 via Sy and D4 via Sz at the same time, then D5 via Sx', () => {
    const scenario = loadPreset('chapter-vector-clocks.json');
    expect(scenario.cluster).toMatchObject({ n: 3, w: 2, r: 2, nodes: [{ id: 'Sx' }, { id: 'Sy' }, { id: 'Sz' }] });
    expect(scenario.network.latency).toEqual({ kind: 'fixed', ms: 5 });
    const story = scenario.steps.map((s) =>
      s.do === 'put' ? `${s.at} ${s.client} put ${JSON.stringify(s.value)} via ${s.via}` : s.do === 'get' ? `${s.at} ${s.client} get via ${s.via}` : s.do,
    );
    expect(story).toEqual([
      '0 c1 put "D1" via Sx',
      '100 c1 put "D2" via Sx',
      '200 c2 get via Sy',
      '200 c3 get via Sz',
      '300 c2 put "D3" via Sy',
      '300 c3 put "D4" via Sz',
      '500 c1 get via Sx',
      '600 c1 put "D5" via Sx',
    ]);
    expect(scenario.steps.every((s) => s.do !== 'put' || !s.blind)).toBe(true);
  });
});
