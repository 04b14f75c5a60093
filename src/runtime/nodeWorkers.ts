// Where node workers come from. A first visit used to create them only once the page's whole
// bundle had run and the cluster's lock was held; a worker's start then waited on the busy main
// thread for over a second. The page's tiny first script (src/ui/main.tsx) starts a few
// early, while the bundle still downloads; a node life takes one of those if any is left.
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

/** A spare worker if one is left and sound, else a new one named for `nodeName`. */
export function nodeWorker(nodeName: string): Worker {
  for (let s = spares.shift(); s !== undefined; s = spares.shift()) {
    if (!s.failed) return s.worker;
    s.worker.terminate();
  }
  return newNodeWorker(nodeName);
}

/** Ends the spares no node life took (a smaller cluster, or one open in another tab). */
export function releaseSpareNodeWorkers(): void {
  for (const s of spares.splice(0)) s.worker.terminate();
}
