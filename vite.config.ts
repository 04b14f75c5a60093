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

/**
 * The entry (src/ui/main.tsx) is tiny and imports the page and the cluster's opening dynamically,
 * so that the node workers start first. Found only once the entry has run, those chunks began
 * downloading about 150 ms into a first visit, after a full round trip for the entry. Listed in
 * the HTML as module preloads, they download alongside the entry instead. Vite itself preloads
 * only an entry's static imports.
 */
function preloadEntryChunks(): Plugin {
  let base = '/';
  return {
    name: 'ringlab:preload-entry-chunks',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { chunk, bundle }) {
        if (chunk === undefined || bundle === undefined) return;
        // The entry itself is already loading; its chunks import it back for shared modules.
        const files = new Set<string>([chunk.fileName]);
        const visit = (file: string): void => {
          const c = bundle[file];
          if (files.has(file) || c?.type !== 'chunk') return;
          files.add(file);
          c.imports.forEach(visit);
        };
        chunk.dynamicImports.forEach(visit);
        files.delete(chunk.fileName);
        return [...files].map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), uncompressedPreview(), preloadEntryChunks()],
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
