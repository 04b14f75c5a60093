/**
 * Sequencing for callback-style work. Pure. A step may call back synchronously (the simulator's
 * devices do) or later (IndexedDB), so the series runs as a loop, not recursion: a thousand
 * synchronous steps never grow the stack.
 */
import type { DeviceFailure, DeviceResult } from './storageDevice';
import { deviceOk } from './storageDevice';

/** Runs `step` over `items` one at a time, stopping at the first failure. */
export function eachSeries<T>(
  items: readonly T[],
  step: (item: T, index: number, next: (r: DeviceResult) => void) => void,
  done: (r: DeviceResult) => void,
): void {
  let index = 0;
  let looping = false;
  let completedInLoop = false;
  const next = (r: DeviceResult): void => {
    if (!r.ok) {
      done(r);
      return;
    }
    index++;
    if (looping) completedInLoop = true;
    else loop();
  };
  const loop = (): void => {
    looping = true;
    do {
      completedInLoop = false;
      const item = items[index];
      if (item === undefined) {
        looping = false;
        done(deviceOk);
        return;
      }
      step(item, index, next);
    } while (completedInLoop);
    looping = false;
  };
  loop();
}

/** Runs `step` over every item at once; `done` gets the results in item order, or the first failure. */
export function mapParallel<T, R>(
  items: readonly T[],
  step: (item: T, done: (r: { readonly ok: true; readonly value: R } | DeviceFailure) => void) => void,
  done: (r: { readonly ok: true; readonly value: R[] } | DeviceFailure) => void,
): void {
  const results: R[] = new Array<R>(items.length);
  let remaining = items.length;
  let failure: DeviceFailure | undefined;
  if (remaining === 0) {
    done({ ok: true, value: results });
    return;
  }
  items.forEach((item, i) => {
    step(item, (r) => {
      if (r.ok) results[i] = r.value;
      else failure ??= r;
      remaining--;
      if (remaining > 0) return;
      if (failure !== undefined) done(failure);
      else done({ ok: true, value: results });
    });
  });
}
