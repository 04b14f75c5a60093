/**
 * Keeps the generated parts of docs/scenarios.md (the field reference and the embedded presets)
 * in step with the code. Pure: document text in, document text out; only the script writes.
 */
import { renderScenarioReference } from './docsReference';
import { scenarioJsonSchema } from './scenarioSchema';

/** Where the generated field reference lives in docs/scenarios.md. */
export const referenceMarkers = { start: '<!-- reference:start -->', end: '<!-- reference:end -->' } as const;

/** The presets shown verbatim in the document, each between its own markers. */
export const embeddedPresets = ['chapter-vector-clocks', 'zones-and-network'] as const;
export type EmbeddedPreset = (typeof embeddedPresets)[number];

/** Where a preset (presets/NAME.json, verbatim) lives in the document. */
export function exampleMarkers(name: EmbeddedPreset): { start: string; end: string } {
  return { start: `<!-- example:${name}:start -->`, end: `<!-- example:${name}:end -->` };
}

/**
 * The document with its generated parts rewritten: the reference from the schema, and each
 * embedded preset from its file's text. A document already in step comes back unchanged, which
 * is what docsInSync.test.ts checks.
 */
export function updateScenarioDocs(doc: string, presetJson: Readonly<Record<EmbeddedPreset, string>>): string {
  const reference = renderScenarioReference(scenarioJsonSchema());
  let out = replaceBetweenMarkers(doc, referenceMarkers, `\n\n${reference}\n`);
  for (const name of embeddedPresets) out = replaceBetweenMarkers(out, exampleMarkers(name), `\n\n\`\`\`json\n${presetJson[name].trimEnd()}\n\`\`\`\n\n`);
  return out;
}

/** Replaces the text between two markers, keeping the markers; throws if either is missing. */
export function replaceBetweenMarkers(doc: string, markers: { start: string; end: string }, content: string): string {
  const from = doc.indexOf(markers.start);
  const to = doc.indexOf(markers.end);
  if (from < 0 || to < from) throw new Error(`the markers ${markers.start} and ${markers.end} are missing or out of order`);
  return `${doc.slice(0, from + markers.start.length)}${content}${doc.slice(to)}`;
}
