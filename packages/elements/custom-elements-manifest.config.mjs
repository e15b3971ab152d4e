/** `cem analyze` reads the JSDoc API blocks of the components and writes custom-elements.json. */
export default {
  globs: ['src/**/*.component.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
};
