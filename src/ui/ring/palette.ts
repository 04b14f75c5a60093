// Colours of the ring and network drawing. Nodes take the Okabe–Ito palette, which stays
// distinguishable under the common colour-vision deficiencies; message kinds take theirs from
// ../messageKinds.ts, shared with the timeline.

/** Okabe & Ito (2008), black left out (it is the text colour), in an order that keeps neighbours apart. */
const okabeIto = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#CC79A7', '#D55E00', '#F0E442'] as const;

/** The colour of a palette slot (see colourSlots), cycling past seven. */
export function nodeColour(slot: number): string {
  return okabeIto[((slot % okabeIto.length) + okabeIto.length) % okabeIto.length] ?? '#000000';
}

/**
 * Each member's palette slot, kept for as long as it stays a member: a node leaving does not
 * repaint the others, as slots by list position did (every node after it shifted colour). A
 * newcomer takes the slot the fewest members hold, the lowest on a tie, so colours repeat only
 * past seven nodes and a freed colour is taken again first.
 */
export function colourSlots(ids: readonly string[], previous: ReadonlyMap<string, number>): Map<string, number> {
  const held = new Map<string, number>();
  const holders = okabeIto.map(() => 0);
  for (const id of ids) {
    const slot = previous.get(id);
    if (slot === undefined) continue;
    held.set(id, slot);
    holders[slot % okabeIto.length]! += 1;
  }
  const slots = new Map<string, number>();
  for (const id of ids) {
    let slot = held.get(id);
    if (slot === undefined) {
      slot = holders.indexOf(Math.min(...holders));
      holders[slot]! += 1;
    }
    slots.set(id, slot);
  }
  return slots;
}

/**
 * Each node's palette slot: the one saved with the cluster (so that a reload, which empties
 * `held`, keeps every colour), else the one it held on this page, else a newcomer's (colourSlots).
 */
export function nodeSlots(nodes: readonly { readonly id: string; readonly colourSlot?: number }[], held: ReadonlyMap<string, number>): Map<string, number> {
  const previous = new Map(held);
  for (const n of nodes) {
    // A damaged saved slot is taken as absent: it must index the palette.
    if (n.colourSlot !== undefined && Number.isInteger(n.colourSlot) && n.colourSlot >= 0) previous.set(n.id, n.colourSlot);
  }
  return colourSlots(nodes.map((n) => n.id), previous);
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
