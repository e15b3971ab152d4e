import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', answers: 'src/share/answers.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // vitest is a peer of the testing entry only: never bundled.
  external: ['vitest'],
});
