// Where node workers come from. A first visit used to create them only once the page's whole
// bundle had run and the cluster's lock was held; a worker's start then waited on the busy main
// thread for over a second. The page's tiny first script (src/ui/main.tsx) starts a few
// early, while the bundle still downloads; a node life takes one of those if any is left.
// Once the cluster is open one spare stays loaded, so a restart or a join skips the start too.
// A spare worker holds nothing: it has loaded the node code and waits for its init.

interface Spare {
  readonly worker: Worker;
  failed: boolean;
}

const spares: Spare[] = [];

function newNodeWorker(name: string): Worker {
  return new Worker(new URL('./nodeWorker.ts', import.meta.url), { type: 'module', name });
}

/** Starts `count` spare node workers (in the page's first script). */
export function prewarmNodeWorkers(count: number): void {
  if (typeof Worker === 'undefined') return;
  for (let i = 0; i < count; i++) {
    const spare: Spare = { worker: newNodeWorker(`ringlab node (spare ${i + 1})`), failed: false };
    // A load error may fire before a node life owns the worker: such a spare is never handed out.
    spare.worker.addEventListener('error', () => (spare.failed = true), { once: true });
    spares.push(spare);
  }
}

/** Spares kept loaded once the cluster is open, so that a restart or a join skips the worker's start. */
let sparesKept = 0;
let topUp: ReturnType<typeof setTimeout> | undefined;
/** A new spare is started this long after one is taken: not while the page or a node is starting. */
const topUpDelayMs = 1_500;

/** A spare worker if one is left and sound, else a new one named for `nodeName`. */
export function nodeWorker(nodeName: string): Worker {
  for (let s = spares.shift(); s !== undefined; s = spares.shift()) {
    if (s.failed) {
      s.worker.terminate();
      continue;
    }
    topUpLater();
    return s.worker;
  }
  return newNodeWorker(nodeName);
}

/**
 * Once the cluster is open: ends the spares beyond `keep` that no node life took (a smaller
 * cluster, or one open in another tab), and from then on keeps `keep` loaded for restarts and
 * joins.
 */
export function keepSpareNodeWorkers(keep: number): void {
  sparesKept = keep;
  for (const s of spares.splice(keep)) s.worker.terminate();
  topUpLater();
}

function topUpLater(): void {
  if (topUp !== undefined || spares.length >= sparesKept) return;
  topUp = setTimeout(() => {
    topUp = undefined;
    prewarmNodeWorkers(sparesKept - spares.length);
  }, topUpDelayMs);
}
