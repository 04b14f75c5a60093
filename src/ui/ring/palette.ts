// Colours of the ring and network drawing. Nodes take the Okabe–Ito palette, which stays
// distinguishable under the common colour-vision deficiencies; message kinds take theirs from
// ../messageKinds.ts, shared with the timeline.

/** Okabe & Ito (2008), black left out (it is the text colour), in an order that keeps neighbours apart. */
const okabeIto = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#CC79A7', '#D55E00', '#F0E442'] as const;

/** A node's colour by its index in the member list (sorted ids), cycling past seven nodes. */
export function nodeColour(index: number): string {
  return okabeIto[((index % okabeIto.length) + okabeIto.length) % okabeIto.length] ?? '#000000';
}

/** Dead nodes, their tokens and their links: grey reads as "not there" in every palette. */
export const deadColour = '#9aa0a6';
/** Cut links: vermillion-red plus a dash pattern, so it does not rely on hue alone. */
export const cutColour = '#C0392B';

/** A lane that just carried a message. */
export const laneGlowColour = '#5a6272';
/** The thin outline that keeps a message's dot readable over a lane of the same hue. */
export const flightOutlineColour = '#1d2330';
/** The selected request's path: the text colour, drawn heavier than a lit lane (and dashed where a replica was not counted). */
export const requestPathColour = '#1d2330';
