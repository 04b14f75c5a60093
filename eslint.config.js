// Lint rules, including the architecture: dependencies point one way (ui → runtime or sim →
// core; scenario and check use core only), enforced with no-restricted-imports per folder.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders of src/ whose code can be imported (by relative path) from elsewhere in src/. */
const SRC_FOLDERS = ['core', 'sim', 'runtime', 'scenario', 'check', 'cli', 'ui'];

/**
 * A no-restricted-imports pattern that matches any relative import climbing out of the
 * current folder (`../`, `../../` ...) into one of `folders`, e.g. `../sim/host` or
 * `../../ui/store.ts`.
 * @param {string} from the folder being linted, named in the message
 * @param {string[]} folders the folders it must not reach
 */
function noRelativeImportOf(from, folders) {
  return {
    regex: `(^|/)\\.\\./(\\.\\./)*(${folders.join('|')})(/|$)`,
    message: `src/${from} may not import from ${folders.map((f) => `src/${f}`).join(', ')}: see src/${from}/README.md.`,
  };
}

/** Packages that tie code to the browser, the page or drawing: not for the pure protocol. */
const HOST_PACKAGES = ['react', 'react-dom', 'idb', 'comlink', 'd3', 'zustand'];

/** Host facilities that src/core must reach only through its injected environment. */
const NONDETERMINISTIC_GLOBALS = [
  'Date',
  'performance',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'requestAnimationFrame',
  'window',
  'document',
  'self',
  'Worker',
  'indexedDB',
  'localStorage',
  'fetch',
];

/**
 * One config object per layer. Each sets no-restricted-imports for its own files only (a
 * later object would replace, not merge, the rule's options).
 * @param {string} folder
 * @param {string[]} forbiddenFolders
 * @param {string[]} forbiddenPackages
 * @returns {import('eslint').Linter.Config}
 */
function layer(folder, forbiddenFolders, forbiddenPackages = []) {
  /** @type {Array<Record<string, unknown>>} */
  const patterns = [noRelativeImportOf(folder, forbiddenFolders)];
  if (forbiddenPackages.length > 0) {
    patterns.push({
      group: forbiddenPackages.flatMap((name) => [name, `${name}/*`, `${name}-*`]),
      message: `src/${folder} may not use browser, UI or drawing packages: see src/${folder}/README.md.`,
    });
  }
  return {
    name: `ringlab/layers/${folder}`,
    files: [`src/${folder}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

const others = (/** @type {string[]} */ ...allowed) =>
  SRC_FOLDERS.filter((folder) => !allowed.includes(folder));

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'playwright-report/', 'test-results/', 'coverage/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    name: 'ringlab/typescript',
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },

  {
    name: 'ringlab/browser-globals',
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    name: 'ringlab/node-globals',
    files: ['scripts/**', 'tests/**', 'bench/**', 'e2e/**', 'src/cli/**', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },

  {
    ...reactHooks.configs.flat.recommended,
    name: 'ringlab/react-hooks',
    files: ['src/ui/**/*.{ts,tsx}'],
  },

  layer('core', others('core'), HOST_PACKAGES),
  {
    // The protocol is deterministic (src/core/README.md): time, randomness, timers and storage
    // come from the injected NodeEnv, so the sim host can replay any seed. Tests may use anything.
    name: 'ringlab/core-determinism',
    files: ['src/core/**/*.{ts,tsx}'],
    ignores: ['src/core/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...NONDETERMINISTIC_GLOBALS.map((name) => ({
          name,
          message:
            'src/core is pure and deterministic: use the injected NodeEnv (now, setTimer, random, disk) or a value the caller passes.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'src/core is deterministic: use the seeded env.random().' },
      ],
    },
  },
  layer('scenario', others('scenario', 'core')),
  layer('check', others('check', 'core')),
  layer('sim', ['runtime', 'ui', 'cli']),
  layer('runtime', ['sim', 'ui', 'cli']),
  layer('cli', ['runtime', 'ui']),
);
