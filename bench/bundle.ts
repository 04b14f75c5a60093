/**
 * Bundles a bench module with Vite before running it, the way the page's own code is built.
 * Under tsx (`node --import tsx`), esbuild transpiles with `keepNames`, which wraps every
 * function and closure in a `__name(fn, "...")` call (an Object.defineProperty): a closure made
 * per message pays it every time, a cost the browser build never has. The simulator bench ran
 * about 15% faster bundled (Node 20).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds `entry` (a path from the repo's root) into one ES module and imports it. */
export async function importBundled(entry: string): Promise<unknown> {
  const outDir = `${root}node_modules/.cache/ringlab-bench`;
  const fileName = `${entry.replace(/[^A-Za-z0-9]+/g, '-')}.mjs`;
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    // Everything in one file: the bundle lives outside the sources, where a bare import would not resolve.
    ssr: { noExternal: true },
    build: { ssr: `${root}${entry}`, outDir, emptyOutDir: false, minify: false, target: 'node20', rollupOptions: { output: { entryFileNames: fileName } } },
  });
  return import(pathToFileURL(`${outDir}/${fileName}`).href);
}
