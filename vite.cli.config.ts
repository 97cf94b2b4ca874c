import { defineConfig } from 'vite';

/**
 * The command line as one file: Node then loads one module instead of a few hundred, which is
 * most of its start-up time. better-sqlite3 stays outside (it loads a native addon), and so
 * does ws (its optional native helpers are looked up at run time).
 */
export default defineConfig({
  build: {
    ssr: 'src/main/cli/index.ts',
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: ['better-sqlite3', 'ws'],
      output: { format: 'es', entryFileNames: 'cutover.mjs' },
    },
  },
  ssr: { noExternal: true, external: ['better-sqlite3', 'ws'] },
});
