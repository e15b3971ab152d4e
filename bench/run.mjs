// `pnpm bench [--only snapshot,bundle,viewer,http,stores,soak] [--quick] [--report]`: bundles the TypeScript figures in bench/figures
// with esbuild (workspace packages from source via the `dev-source` condition), runs each in its own Node process,
// merges their results into bench/results.json and regenerates BENCHMARKS.md and bench/chart.svg from it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { renderReport } from './render.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const outDir = join(benchDir, '.out');
const resultsPath = join(benchDir, 'results.json');

/** Every figure, in the order it runs; `pg` marks the ones that use PostgreSQL when it is there. */
const FIGURES = [
  { id: 'snapshot', pg: false },
  { id: 'bundle', pg: false },
  { id: 'viewer', pg: false },
  { id: 'http', pg: true },
  { id: 'stores', pg: true },
  { id: 'soak', pg: false },
];

const args = process.argv.slice(2);

// `--report`: re-render BENCHMARKS.md and the chart from bench/results.json without measuring anything.
if (args.includes('--report')) {
  const results = JSON.parse(readFileSync(resultsPath, 'utf8'));
  const { markdown, svg } = renderReport(results);
  writeFileSync(join(benchDir, 'chart.svg'), svg);
  writeFileSync(join(root, 'BENCHMARKS.md'), markdown);
  console.log('bench: re-rendered BENCHMARKS.md and bench/chart.svg from bench/results.json');
  process.exit(0);
}
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',').filter(Boolean) : null;
const unknown = only?.filter((id) => !FIGURES.some((f) => f.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(`bench: unknown figure(s) ${unknown.join(', ')}; choose from ${FIGURES.map((f) => f.id).join(', ')}`);
  process.exit(2);
}
const selected = FIGURES.filter((f) => !only || only.includes(f.id));

/** Keeps node_modules out of the bundles: each bare import becomes an import of the file it resolves to. */
const externalDependencies = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (a) => {
      if (a.path.startsWith('@chatshare/') || a.pluginData?.resolving) return undefined;
      const r = await b.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, importer: a.importer, pluginData: { resolving: true } });
      if (r.errors.length > 0) return { errors: r.errors };
      return { path: r.external ? a.path : r.path, external: true };
    });
  },
};

async function bundleFigures() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: selected.map((f) => join(benchDir, 'figures', `${f.id}.ts`)),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['dev-source'],
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [externalDependencies],
  });
}

/** A throwaway PostgreSQL server on loopback when `CHATSHARE_PG_URL` is unset; `{ url, stop }` or `{ skip: reason }`. */
function startPostgres() {
  if (process.env.CHATSHARE_PG_URL) return { url: process.env.CHATSHARE_PG_URL, stop: () => {}, how: 'CHATSHARE_PG_URL' };
  const binRoot = '/usr/lib/postgresql';
  const versions = existsSync(binRoot) ? readdirSync(binRoot).filter((v) => existsSync(join(binRoot, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) return { skip: 'CHATSHARE_PG_URL is unset and no PostgreSQL binaries were found under /usr/lib/postgresql' };
  const bin = join(binRoot, versions.sort((a, b) => Number(a) - Number(b)).at(-1), 'bin');
  const isRoot = process.getuid?.() === 0;
  const asPostgres = (cmd) =>
    isRoot ? spawnSync('su', ['postgres', '-c', cmd], { encoding: 'utf8' }) : spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
  const dir = mkdtempSync(join(tmpdir(), 'chatshare-bench-pg-'));
  if (isRoot) spawnSync('chown', ['postgres', dir]);
  const port = Number(process.env.BENCH_PG_PORT ?? 54339);
  const init = asPostgres(`${bin}/initdb -D ${dir}/data -A trust -U postgres`);
  if (init.status !== 0) return { skip: `initdb failed: ${(init.stderr || init.stdout).trim().split('\n').at(-1)}` };
  const start = asPostgres(`${bin}/pg_ctl -D ${dir}/data -o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1' -l ${dir}/log -w start`);
  if (start.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `pg_ctl start failed (port ${port} busy?): ${(start.stderr || start.stdout).trim().split('\n').at(-1)}` };
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    how: `a throwaway PostgreSQL ${versions.at(-1)} server started by the bench on 127.0.0.1:${port}`,
    stop: () => {
      asPostgres(`${bin}/pg_ctl -D ${dir}/data -m fast stop`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runFigure(id, env) {
  const out = join(outDir, `${id}.result.json`);
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', join(outDir, `${id}.mjs`)], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env, BENCH_OUT: out, BENCH_QUICK: quick ? '1' : '0' },
    });
    child.on('exit', (code) => {
      if (code === 0 && existsSync(out)) resolvePromise(JSON.parse(readFileSync(out, 'utf8')));
      else resolvePromise({ error: `exited with ${code}` });
    });
  });
}

function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    /** 1-minute load average when the bench started and ended: other work on the machine shows up here. */
    loadAverage: { start: startLoad, end: Math.round(loadavg()[0] * 10) / 10 },
    platform: `${process.platform} ${process.arch}`,
  };
}

const command = `pnpm bench${args.length ? ` ${args.join(' ')}` : ''}`;
const started = Date.now();
const startLoad = Math.round(loadavg()[0] * 10) / 10;
console.log(`bench: ${selected.map((f) => f.id).join(', ')}${quick ? ' (quick)' : ''}`);
await bundleFigures();

let pg = null;
if (selected.some((f) => f.pg)) {
  pg = startPostgres();
  if (pg.skip) console.log(`bench: PostgreSQL figures are skipped: ${pg.skip}`);
  else console.log(`bench: PostgreSQL: ${pg.how}`);
}
const stopPg = () => pg?.stop?.();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopPg();
    process.exit(130);
  });
}

const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : { figures: {} };
const figures = { ...previous.figures };
let failed = 0;
try {
  for (const [i, figure] of selected.entries()) {
    const t0 = Date.now();
    console.log(`\n[${i + 1}/${selected.length}] ${figure.id}`);
    const env = figure.pg ? (pg?.url ? { CHATSHARE_PG_URL: pg.url } : { BENCH_PG_SKIP: pg?.skip ?? 'not requested' }) : {};
    const result = await runFigure(figure.id, env);
    if (result.error) {
      failed++;
      console.log(`bench: ${figure.id} failed (${result.error}); its previous result, if any, is kept`);
      continue;
    }
    figures[figure.id] = { ...result, command };
    const goals = result.goals.map((g) => `${g.met === true ? 'met' : g.met === false ? 'MISSED' : 'n/a'}: ${g.text}`).join('; ');
    console.log(`    done in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${goals}`);
  }
} finally {
  stopPg();
}

const results = {
  machine: machine(),
  date: new Date().toISOString(),
  command,
  reproduce: 'pnpm install && pnpm bench',
  durationSeconds: Math.round((Date.now() - started) / 1000),
  order: FIGURES.map((f) => f.id),
  figures,
};
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
const { markdown, svg } = renderReport(results);
writeFileSync(join(benchDir, 'chart.svg'), svg);
writeFileSync(join(root, 'BENCHMARKS.md'), markdown);
console.log(`\nbench: wrote bench/results.json, BENCHMARKS.md and bench/chart.svg in ${results.durationSeconds} s${failed ? ` (${failed} figure(s) failed)` : ''}`);
process.exit(failed ? 1 : 0);
