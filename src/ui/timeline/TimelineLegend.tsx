// The key to the timeline's colours and marks.
import { kindColours, kindLabels, messageKinds } from '../messageKinds';

export function TimelineLegend() {
  return (
    <ul className="timeline-legend" aria-label="legend">
      {messageKinds.map((k) => (
        <li key={k}>
          <span className="swatch" style={{ background: kindColours[k] }} />
          {kindLabels[k]}
        </li>
      ))}
      <li>
        <span className="swatch swatch-drop" />
        dropped (×)
      </li>
      <li>● version, labelled with its vector clock</li>
      <li>
        <span className="swatch swatch-concurrent" />
        concurrent with the selected request’s version (∥)
      </li>
    </ul>
  );
}
