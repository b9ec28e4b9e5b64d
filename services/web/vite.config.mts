import path from 'node:path';
import { defineConfig } from 'vite';

/**
 * The web app's build (SPEC §7): services/web → dist/web, hashed assets under
 * dist/web/assets (the API serves them as immutable). Preact's JSX through
 * Vite's own transformer: no Babel, no plugin.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Every browser we target preloads modules natively; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
