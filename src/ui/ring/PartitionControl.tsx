// Split the cluster in two: each node goes to group A or B, "partition" cuts every link between
// the groups (both ways), "heal all" ends every cut. Calls commands; decides nothing.
import { useState } from 'react';
import type { NodeId } from '../../core/ids';
import { commands } from '../store/clusterStore';
import { partition } from '../store/settingsCommands';
import { useCluster } from '../store/useCluster';

export function PartitionControl() {
  // Select the stable array and map here: a selector returning a new array loops forever.
  const nodes = useCluster((s) => s.snapshot?.nodes);
  const ids = (nodes ?? []).map((n) => n.id);
  const anyCut = useCluster((s) => (s.snapshot?.cutLinks.length ?? 0) > 0);
  // Nodes not yet placed start in A for the first half, B for the rest.
  const [inB, setInB] = useState<ReadonlySet<NodeId>>(() => new Set(ids.slice(Math.ceil(ids.length / 2))));
  const groupA = ids.filter((id) => !inB.has(id));
  const groupB = ids.filter((id) => inB.has(id));
  const flip = (id: NodeId) => {
    const next = new Set(inB);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setInB(next);
  };
  return (
    <div className="partition" data-testid="partition">
      <span className="partition-label">Partition:</span>
      {ids.map((id) => (
        <button key={id} type="button" className={inB.has(id) ? 'group-b' : 'group-a'} data-testid={`group-${id}`} onClick={() => flip(id)} title="Click to move to the other group">
          {id} {inB.has(id) ? 'B' : 'A'}
        </button>
      ))}
      <button type="button" data-testid="partition-apply" disabled={groupA.length === 0 || groupB.length === 0} onClick={() => partition([groupA, groupB])}>
        Split A | B
      </button>
      <button type="button" data-testid="ring-heal-all" disabled={!anyCut} onClick={commands.healAll}>
        Heal all
      </button>
    </div>
  );
}
