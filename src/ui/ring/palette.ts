// Colours of the ring and network drawing. Nodes take the Okabe–Ito palette and message kinds
// Paul Tol's "bright" scheme: both stay distinguishable under the common colour-vision
// deficiencies, and kinds are also named in the legend, so colour is never the only cue.
import type { MessageKind } from './messageKind';

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

/** Paul Tol's bright scheme, one colour per message kind. */
export const kindColours: Readonly<Record<MessageKind, string>> = {
  write: '#4477AA',
  ack: '#66CCEE',
  read: '#228833',
  response: '#CCBB44',
  hint: '#EE6677',
  gossip: '#BBBBBB',
  antiEntropy: '#AA3377',
  other: '#555555',
};
