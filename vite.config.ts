// Build, dev server, preview and unit-test settings in one place. Both servers bind to
// 127.0.0.1 only: the playground is a local tool, never exposed on the network.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
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
