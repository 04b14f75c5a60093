// The timeline's filters: by key, by lane (node or client) and by message kind. The lanes offered
// are the ones the canvas draws, clients included.
import type { MessageKind } from '../messageKinds';
import { messageKinds } from '../messageKinds';
import { setFilter, useTimelineView } from './timelineStore';

const isKind = (s: string): s is MessageKind => (messageKinds as readonly string[]).includes(s);

export function TimelineFilters() {
  const filter = useTimelineView((s) => s.filter);
  const drawn = useTimelineView((s) => s.lanes);
  // A lane chosen earlier stays offered while it is not drawn (no event of it in the index yet).
  const lanes = filter.lane === '' || drawn.includes(filter.lane) ? drawn : [...drawn, filter.lane];
  return (
    <div className="timeline-filters">
      <label>
        Key
        <input data-testid="timeline-filter-key" value={filter.key} placeholder="every key" onChange={(e) => setFilter({ key: e.target.value })} />
      </label>
      <label>
        Lane
        <select data-testid="timeline-filter-lane" value={filter.lane} onChange={(e) => setFilter({ lane: e.target.value })}>
          <option value="">every lane</option>
          {lanes.map((lane) => (
            <option key={lane} value={lane}>
              {lane}
            </option>
          ))}
        </select>
      </label>
      <label>
        Messages
        <select data-testid="timeline-filter-kind" value={filter.kind ?? ''} onChange={(e) => setFilter({ kind: isKind(e.target.value) ? e.target.value : null })}>
          <option value="">every kind</option>
          {messageKinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
