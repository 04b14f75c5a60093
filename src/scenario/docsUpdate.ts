/**
 * Keeps the generated parts of docs/scenarios.md (the field reference and the embedded preset)
 * in step with the code. Pure: document text in, document text out; only the script writes.
 */
import { renderScenarioReference } from './docsReference';
import { scenarioJsonSchema } from './scenarioSchema';

/** Where the generated field reference lives in docs/scenarios.md. */
export const referenceMarkers = { start: '<!-- reference:start -->', end: '<!-- reference:end -->' } as const;

/** Where the chapter example (presets/chapter-vector-clocks.json, verbatim) lives. */
export const exampleMarkers = {
  start: '<!-- example:chapter-vector-clocks:start -->',
  end: '<!-- example:chapter-vector-clocks:end -->',
} as const;

/**
 * The document with both generated parts rewritten: the reference from the schema, and the
 * example from the preset's text. A document already in step comes back unchanged, which is
 * what docsInSync.test.ts checks.
 */
export function updateScenarioDocs(doc: string, chapterPresetJson: string): string {
  const reference = renderScenarioReference(scenarioJsonSchema());
  const example = `\`\`\`json\n${chapterPresetJson.trimEnd()}\n\`\`\`\n`;
  const withReference = replaceBetweenMarkers(doc, referenceMarkers, `\n\n${reference}\n`);
  return replaceBetweenMarkers(withReference, exampleMarkers, `\n\n${example}\n`);
}

/** Replaces the text between two markers, keeping the markers; throws if either is missing. */
export function replaceBetweenMarkers(doc: string, markers: { start: string; end: string }, content: string): string {
  const from = doc.indexOf(markers.start);
  const to = doc.indexOf(markers.end);
  if (from < 0 || to < from) throw new Error(`the markers ${markers.start} and ${markers.end} are missing or out of order`);
  return `${doc.slice(0, from + markers.start.length)}${content}${doc.slice(to)}`;
}
