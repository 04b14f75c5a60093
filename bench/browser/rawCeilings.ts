// The raw ceilings Ringlab is compared with, measured in the page: worker-to-worker round trips
// over a bare MessageChannel, a bare quorum fan-out (1 worker to 3 peers, done at 2 replies), and
// IndexedDB puts batched 100 per transaction from 5 workers. Each function runs inside the
// browser (page.evaluate), so it must be self-contained.

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

/**
 * Quorum operations per second with no storage and no protocol: one worker sends each operation
 * to 3 peers over their own MessageChannels and counts it done at the 2nd reply, keeping
 * `outstanding` operations in flight. The ceiling a get (N=3, R=2) is compared with.
 */
export async function quorumFanOut({ peers, quorum, outstanding, durationMs }: { peers: number; quorum: number; outstanding: number; durationMs: number }): Promise<number> {
  const source = `
    onmessage = (ev) => {
      if (ev.data.role === 'replica') {
        const port = ev.data.port;
        port.onmessage = (m) => port.postMessage(m.data);
        return;
      }
      const { ports, quorum, outstanding, durationMs } = ev.data;
      const replies = new Map();
      let done = 0;
      let next = 0;
      const deadline = performance.now() + durationMs;
      let finished = false;
      const issue = () => {
        const id = next++;
        replies.set(id, 0);
        for (const p of ports) p.postMessage(id);
      };
      for (const p of ports) {
        p.onmessage = (m) => {
          const n = replies.get(m.data);
          if (n === undefined) return;
          if (n + 1 < quorum) { replies.set(m.data, n + 1); return; }
          replies.delete(m.data);
          done++;
          if (performance.now() < deadline) issue();
          else if (!finished) { finished = true; postMessage(done); }
        };
      }
      for (let i = 0; i < outstanding; i++) issue();
    };
  `;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const coordinator = new Worker(url);
  const replicas = Array.from({ length: peers }, () => new Worker(url));
  const ports = replicas.map((r) => {
    const channel = new MessageChannel();
    r.postMessage({ role: 'replica', port: channel.port2 }, [channel.port2]);
    return channel.port1;
  });
  const done = new Promise<number>((resolve) => {
    coordinator.onmessage = (ev: MessageEvent<number>) => resolve(ev.data);
  });
  coordinator.postMessage({ role: 'coordinator', ports, quorum, outstanding, durationMs }, ports);
  const operations = await done;
  coordinator.terminate();
  for (const r of replicas) r.terminate();
  URL.revokeObjectURL(url);
  return (operations * 1000) / durationMs;
}

/** Milliseconds until `workers` bare workers have all started and answered a first message. */
export async function bareWorkersStart(workers: number): Promise<number> {
  const url = URL.createObjectURL(new Blob(['onmessage = () => postMessage(0);'], { type: 'text/javascript' }));
  const started = performance.now();
  const all = Array.from({ length: workers }, () => new Worker(url));
  await Promise.all(
    all.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.onmessage = () => resolve();
          w.postMessage(0);
        }),
    ),
  );
  const ms = performance.now() - started;
  for (const w of all) w.terminate();
  URL.revokeObjectURL(url);
  return ms;
}
