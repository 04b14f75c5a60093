// Build, dev server, preview and unit-test settings in one place. Both servers bind to
// 127.0.0.1 only: the playground is a local tool, never exposed on the network.
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The preview server (`npm start`, the e2e tests, the benches) gzips every response on the fly.
 * It only ever serves this machine (127.0.0.1), where compression saves no transfer time and costs
 * CPU on both ends: the page's 500 KB chunk took hundreds of ms to arrive on a busy machine
 * instead of tens. The request's Accept-Encoding is dropped before Vite's compression sees it.
 */
function uncompressedPreview(): Plugin {
  return {
    name: 'ringlab:uncompressed-preview',
    configurePreviewServer(server) {
      server.middlewares.use((req, _res, next) => {
        delete req.headers['accept-encoding'];
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), uncompressedPreview()],
  build: { target: 'es2022' },
  // Module workers: one per store node in the live host, started with comlink.
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    // Only unit and simulation suites; Playwright's e2e/ specs run under `npm run test:e2e`.
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Property suites run for seconds; on a loaded 2-core machine Vitest's 5 s default cut
    // them off mid-run, which says nothing about the code.
    testTimeout: 30_000,
    environment: 'node',
  },
});
