import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    'indexeddb/index': 'src/indexeddb/index.ts',
    'http/index': 'src/http/index.ts',
    'sql/index': 'src/sql/index.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Drivers are optional peers and core is a dependency: never bundled.
  external: ['@chatshare/core', 'idb', 'pg', '@electric-sql/pglite', 'zod'],
});
