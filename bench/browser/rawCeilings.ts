// The raw ceilings Ringlab is compared with, measured in the page: worker-to-worker round trips
// over a bare MessageChannel, and IndexedDB puts batched 100 per transaction from 5 workers.
// Each function runs inside the browser (page.evaluate), so it must be self-contained.

/** Round trips per second between two workers joined by one MessageChannel, for `durationMs`. */
export async function messageChannelRoundTrips(durationMs: number): Promise<number> {
  const source = `
    let peer = null;
    onmessage = (ev) => {
      if (ev.data.port) {
        peer = ev.data.port;
        peer.onmessage = (m) => {
          if (ev.data.role === 'echo') { peer.postMessage(m.data); return; }
          count++;
          if (performance.now() < deadline) peer.postMessage(count); else postMessage(count);
        };
        return;
      }
      count = 0;
      deadline = performance.now() + ev.data.durationMs;
      peer.postMessage(0);
    };
    let count = 0;
    let deadline = 0;
  `;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const pinger = new Worker(url);
  const echo = new Worker(url);
  const channel = new MessageChannel();
  pinger.postMessage({ port: channel.port1, role: 'ping' }, [channel.port1]);
  echo.postMessage({ port: channel.port2, role: 'echo' }, [channel.port2]);
  const done = new Promise<number>((resolve) => {
    pinger.onmessage = (ev: MessageEvent<number>) => resolve(ev.data);
  });
  pinger.postMessage({ durationMs });
  const roundTrips = await done;
  pinger.terminate();
  echo.terminate();
  URL.revokeObjectURL(url);
  return (roundTrips * 1000) / durationMs;
}

/** Records per second that `workers` workers put into their own databases, `batch` per transaction. */
export async function indexedDbBatchedPuts({ workers, batch, durationMs }: { workers: number; batch: number; durationMs: number }): Promise<number> {
  const source = `
    onmessage = async (ev) => {
      const { name, batch, durationMs } = ev.data;
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open(name, 1);
        req.onupgradeneeded = () => req.result.createObjectStore('log', { keyPath: 'key' });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const value = { versions: [{ value: 'x'.repeat(100), deleted: false, dot: { node: 'B', counter: 1 }, context: {}, timestampMs: 0 }] };
      const deadline = performance.now() + durationMs;
      let records = 0;
      while (performance.now() < deadline) {
        await new Promise((resolve, reject) => {
          const tx = db.transaction('log', 'readwrite');
          const store = tx.objectStore('log');
          for (let i = 0; i < batch; i++) store.put({ key: 'k' + ((records + i) % 5000), seq: records + i, ...value });
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        records += batch;
      }
      db.close();
      indexedDB.deleteDatabase(name);
      postMessage(records);
    };
  `;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const runs = Array.from({ length: workers }, (_, i) => {
    const w = new Worker(url);
    return new Promise<number>((resolve) => {
      w.onmessage = (ev: MessageEvent<number>) => {
        w.terminate();
        resolve(ev.data);
      };
      w.postMessage({ name: `ringlab-bench-${i}`, batch, durationMs });
    });
  });
  const records = (await Promise.all(runs)).reduce((sum, n) => sum + n, 0);
  URL.revokeObjectURL(url);
  return (records * 1000) / durationMs;
}
