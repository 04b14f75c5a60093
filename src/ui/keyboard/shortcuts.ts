// The page's keyboard shortcuts: one table, read by the global key handler and by the "?"
// dialog that lists them, so the two cannot disagree. Commands only; no logic of its own.
import { commands, currentCluster } from '../store/clusterStore';
import { selectRequest } from '../store/selection';
import { share } from '../share/shareStore';
import { presentMs } from '../timeline/timelineFeed';
import { followPresent, panBy, zoomBy } from '../timeline/timelineStore';
import { stepToNextMessage } from '../timeline/stepToNextMessage';
import { confirmReset } from '../components/TimeControls';

export interface Shortcut {
  readonly keys: readonly string[];
  readonly label: string;
  readonly run: () => void;
}

const focus = (testId: string) => () => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus();

export const shortcuts: readonly Shortcut[] = [
  {
    keys: [' '],
    label: 'play / pause',
    run: () => {
      const paused = currentCluster()?.snapshot().clock.paused;
      if (paused === true) commands.resume();
      else if (paused === false) commands.pause();
    },
  },
  { keys: ['.'], label: 'step to next message (while paused)', run: () => void stepToNextMessage() },
  { keys: ['['], label: 'timeline: scroll back', run: () => panBy(-0.5, presentMs()) },
  { keys: [']'], label: 'timeline: scroll forward', run: () => panBy(0.5, presentMs()) },
  { keys: ['+', '='], label: 'timeline: zoom in', run: () => zoomBy(0.5) },
  { keys: ['-'], label: 'timeline: zoom out', run: () => zoomBy(2) },
  { keys: ['f'], label: 'timeline: follow the present', run: followPresent },
  { keys: ['t'], label: 'focus the timeline (then arrows scroll)', run: focus('timeline-canvas') },
  { keys: ['k'], label: 'focus the client’s key field', run: focus('client-key') },
  { keys: ['s'], label: 'share: make a link of this run', run: () => void share() },
  // Shifted, so that a stray key press cannot start the question; the button's confirmation follows.
  { keys: ['R'], label: 'start fresh (asks first: every node’s data and settings are erased)', run: confirmReset },
  { keys: ['Escape'], label: 'clear the selected request', run: () => selectRequest(null) },
];

/**
 * True when the key press belongs to a field or a control, not to the page. A focused button
 * keeps only the keys that press it (space, enter): after a click, '[' still scrolls.
 */
function typing(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Inside a dialog every key is the dialog's (Escape closes it).
  if (target.closest('dialog') !== null) return true;
  if (target.tagName === 'BUTTON') return key === ' ' || key === 'Enter';
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'DIALOG'].includes(target.tagName);
}

/** Installs the global handler; `openHelp` shows the "?" dialog. Returns the uninstaller. */
export function installShortcuts(openHelp: () => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typing(e.target, e.key)) return;
    if (e.key === '?') {
      e.preventDefault();
      openHelp();
      return;
    }
    const hit = shortcuts.find((s) => s.keys.includes(e.key));
    if (hit === undefined) return;
    e.preventDefault();
    hit.run();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
