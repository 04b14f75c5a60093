// The inspected node's Merkle trees (anti-entropy): one per peer, over the keys both replicate,
// with the root hash and the leaves (index, hash, keys); leaves that differed on the last
// exchange with that peer are marked. Hashes are shown in hex, as a reader compares them.
import type { MerkleInspection } from '../../core/node/merkleInspection';

const hex = (h: number) => h.toString(16).padStart(8, '0');

export function InspectorMerkle({ trees }: { readonly trees: MerkleInspection }) {
  return (
    <div className="inspector-section inspector-merkle" data-testid="inspector-merkle">
      <h3>Merkle trees</h3>
      {trees.length === 0 ? (
        <p className="muted">No peers to compare with.</p>
      ) : (
        trees.map((t) => (
          <details key={t.peer} data-testid={`merkle-${t.peer}`} data-differed={t.lastDiffered === null ? undefined : String(t.lastDiffered.leaves)}>
            <summary>
              with <strong>{t.peer}</strong>: {t.keys} shared {t.keys === 1 ? 'key' : 'keys'}, root <code data-testid={`merkle-root-${t.peer}`}>{hex(t.root)}</code>, {t.leavesNonEmpty} of {t.leafCount} leaves in use
              {t.lastDiffered !== null && (
                <span className="merkle-differed">
                  {' '}
                  · {t.lastDiffered.leaves} differed at {(t.lastDiffered.atMs / 1000).toFixed(1)} s
                </span>
              )}
            </summary>
            <ol className="merkle-leaves" aria-label={`leaves shared with ${t.peer}`}>
              {t.leaves.map((l) => (
                <li key={l.index} className={l.differed ? 'merkle-leaf leaf-differed' : 'merkle-leaf'} data-testid="merkle-leaf" data-differed={l.differed ? 'true' : undefined}>
                  leaf {l.index}: <code>{hex(l.hash)}</code> · {l.keys} {l.keys === 1 ? 'key' : 'keys'}
                  {l.differed && <strong> differed</strong>}
                </li>
              ))}
            </ol>
            {t.leavesNonEmpty > t.leaves.length && <p className="muted">…and more leaves in use.</p>}
          </details>
        ))
      )}
    </div>
  );
}
