/**
 * Versions handed to a node from outside its protocol: a shared run's end state loaded into a
 * fresh live cluster. They go through the node's own replica-write path (or its hint store),
 * never a disk format, so whatever the storage underneath, they land as a replica write would.
 */
import type { NodeId } from '../ids';
import type { Version } from '../versions/version';
import type { LocalStore } from './localStore';

/** Versions of one key; `hintFor` names the owner when the node held them as a hint. */
export interface AdoptedEntry {
  readonly key: string;
  readonly versions: readonly Version[];
  readonly hintFor?: NodeId;
}

export type AdoptResult = { readonly ok: boolean; readonly message?: string };

/** Stores every entry on `self`'s store; `done` once all are durable, with the first failure. */
export function adoptEntries(store: LocalStore, self: NodeId, entries: readonly AdoptedEntry[], done: (r: AdoptResult) => void): void {
  let left = entries.length;
  let failure: string | undefined;
  const one = (r: AdoptResult) => {
    if (!r.ok) failure ??= r.message ?? 'disk failure';
    if (--left === 0) done(failure === undefined ? { ok: true } : { ok: false, message: failure });
  };
  if (left === 0) done({ ok: true });
  for (const e of entries) {
    if (e.hintFor !== undefined && e.hintFor !== self) store.storeHint(e.hintFor, e.key, e.versions, one);
    else store.merge(e.key, e.versions, one);
  }
}
