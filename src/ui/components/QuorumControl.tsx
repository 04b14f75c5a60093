// N, W and R for the whole cluster. The cluster refuses values out of bounds; the reason shows.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { commands } from '../store/clusterStore';
import { useCluster } from '../store/useCluster';

export function QuorumControl() {
  const settings = useCluster((s) => s.snapshot?.settings);
  const notice = useCluster((s) => s.notice);
  const [draft, setDraft] = useState<{ n: string; w: string; r: string } | null>(null);
  if (settings === undefined) return null;
  const shown = draft ?? { n: String(settings.n), w: String(settings.w), r: String(settings.r) };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    commands.setQuorum({ n: Number(shown.n), w: Number(shown.w), r: Number(shown.r) });
    setDraft(null);
  };
  return (
    <form className="quorum" onSubmit={onSubmit} data-testid="quorum">
      {(['n', 'w', 'r'] as const).map((f) => (
        <label key={f}>
          {f.toUpperCase()}
          <input type="number" min={1} value={shown[f]} onChange={(e) => setDraft({ ...shown, [f]: e.target.value })} />
        </label>
      ))}
      <button type="submit">Apply</button>
      {notice !== null && <span className="error">{notice}</span>}
    </form>
  );
}
