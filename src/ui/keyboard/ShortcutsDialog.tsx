// The "?" button and dialog listing every keyboard shortcut (from the one table in shortcuts.ts).
// A native <dialog>: it traps focus and closes on Escape by itself.
import { useEffect, useRef } from 'react';
import { installShortcuts, shortcuts } from './shortcuts';

/** As aria-keyshortcuts names it: a capital letter is typed with Shift. */
const keyName = (k: string) => (k === ' ' ? 'Space' : /^[A-Z]$/.test(k) ? `Shift+${k}` : k);

export function ShortcutsButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = () => dialog.current?.showModal();
  useEffect(() => installShortcuts(() => dialog.current?.showModal()), []);
  return (
    <>
      <button type="button" data-testid="shortcuts-open" aria-keyshortcuts="?" onClick={open} title="Keyboard shortcuts">
        ?
      </button>
      <dialog ref={dialog} className="shortcuts" data-testid="shortcuts" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <p>Every control is reachable with Tab; these keys work anywhere outside a text field.</p>
        <dl>
          <div>
            <dt>
              <kbd>?</kbd>
            </dt>
            <dd>this list</dd>
          </div>
          {shortcuts.map((s) => (
            <div key={s.label}>
              <dt>
                {s.keys.map((k) => (
                  <kbd key={k}>{keyName(k)}</kbd>
                ))}
              </dt>
              <dd>{s.label}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" data-testid="shortcuts-close" autoFocus>
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
