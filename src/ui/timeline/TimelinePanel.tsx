// The timeline panel: React renders the frame and the controls once; the canvas inside is
// drawn by timelineLoop.ts, which reads the stores outside React on every animation frame.
import { useEffect, useRef } from 'react';
import type { KeyboardEvent, WheelEvent } from 'react';
import { useCluster } from '../store/useCluster';
import { useSelection, selectRequest } from '../store/selection';
import { lanesOf, startTimelineLoop } from './timelineLoop';
import { presentMs, shownLanes, startTimelineFeed } from './timelineFeed';
import { followPresent, panBy, zoomBy } from './timelineStore';
import { TimelineFilters } from './TimelineFilters';
import { TimelineLegend } from './TimelineLegend';
import { useTimelineView } from './timelineStore';
import { sceneItemsMax } from './timelineScene';
import { installTimelineTestHook } from './timelineTestHook';
import { keptEventsMax } from '../../runtime/traceKeep';
import './timeline.css';

export function TimelinePanel() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const nodeIds = useCluster((s) => s.snapshot?.nodes.map((n) => n.id).join(',') ?? '');
  const follow = useTimelineView((s) => s.follow);
  const selected = useSelection((s) => s.request);
  const keptProblem = useTimelineView((s) => s.keptProblem);
  const keptFromMs = useTimelineView((s) => s.keptFromMs);
  const dense = useTimelineView((s) => s.dense);

  useEffect(() => {
    installTimelineTestHook();
    return startTimelineFeed();
  }, []);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const nodes = nodeIds === '' ? [] : nodeIds.split(',');
    return startTimelineLoop(canvas, () => lanesOf(nodes, shownLanes()));
  }, [nodeIds]);

  const onWheel = (e: WheelEvent) => {
    if (e.ctrlKey || e.metaKey) zoomBy(e.deltaY > 0 ? 1.25 : 0.8);
    else panBy((e.deltaY + e.deltaX) / 1000, presentMs());
  };
  const onKey = (e: KeyboardEvent) => {
    const act: Record<string, () => void> = {
      ArrowLeft: () => panBy(-0.2, presentMs()),
      ArrowRight: () => panBy(0.2, presentMs()),
      '+': () => zoomBy(0.8),
      '=': () => zoomBy(0.8),
      '-': () => zoomBy(1.25),
      End: followPresent,
      Escape: () => selectRequest(null),
    };
    const run = act[e.key];
    if (run !== undefined) {
      e.preventDefault();
      e.stopPropagation();
      run();
    }
  };

  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <div className="timeline-head">
        <h2 id="timeline-title">Timeline</h2>
        <div className="buttons" role="group" aria-label="timeline window">
          <button type="button" data-testid="timeline-back" onClick={() => panBy(-0.5, presentMs())}>
            ◀ back
          </button>
          <button type="button" data-testid="timeline-forward" onClick={() => panBy(0.5, presentMs())}>
            forward ▶
          </button>
          <button type="button" data-testid="timeline-zoom-in" onClick={() => zoomBy(0.5)}>
            zoom in
          </button>
          <button type="button" data-testid="timeline-zoom-out" onClick={() => zoomBy(2)}>
            zoom out
          </button>
          <button type="button" data-testid="timeline-follow" aria-pressed={follow} onClick={followPresent}>
            {follow ? 'following the present' : 'follow the present'}
          </button>
          {selected !== null ? (
            <button type="button" data-testid="timeline-unselect" onClick={() => selectRequest(null)}>
              request #{selected} selected · clear
            </button>
          ) : null}
        </div>
      </div>
      <TimelineFilters />
      {keptProblem !== null ? (
        <p className="timeline-note" role="status" data-testid="timeline-kept-problem">
          {keptProblem}
        </p>
      ) : keptFromMs !== null ? (
        <p className="timeline-note muted" data-testid="timeline-kept-from" data-ms={keptFromMs}>
          Kept on this device from {(keptFromMs / 1000).toFixed(1)} s (the newest {keptEventsMax.toLocaleString('en')} events of this cluster; older ones are dropped).
        </p>
      ) : null}
      {dense ? (
        <p className="timeline-note" role="status" data-testid="timeline-dense">
          This window holds more than {sceneItemsMax.toLocaleString('en')} events: only its newest {sceneItemsMax.toLocaleString('en')} are drawn, and its left part is left blank. Zoom in (+) to see every event.
        </p>
      ) : null}
      <canvas
        ref={canvasRef}
        className="timeline-canvas"
        data-testid="timeline-canvas"
        tabIndex={0}
        aria-label="Space-time diagram: one lane per node and client. Arrow keys scroll, + and - zoom, End follows the present, click a message or version to select its request."
        onWheel={onWheel}
        onKeyDown={onKey}
      />
      <TimelineLegend />
    </section>
  );
}
