// Serves the built playground (dist/) with Vite's preview server on 127.0.0.1.
// Port: $PORT, else 4173. `npm start` builds first; the e2e tests use PORT=4317.
import { existsSync } from 'node:fs';
import { preview } from 'vite';

const DEFAULT_PORT = 4173;
const port = Number(process.env.PORT) || DEFAULT_PORT;
const host = '127.0.0.1';

if (!existsSync('dist/index.html')) {
  console.error('No build in dist/: run `npm run build` (or `npm start`, which builds first).');
  process.exit(1);
}

// strictPort: a test or a user pointed at this port must not silently get another one.
await preview({ preview: { host, port, strictPort: true, open: false } });
console.log(`Ringlab playground: http://${host}:${port}/`);
