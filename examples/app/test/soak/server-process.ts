import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The server's memory after a full GC, in bytes (`process.memoryUsage()`). */
export interface MemorySample {
  readonly heapUsed: number;
  readonly rss: number;
  /** C++ objects bound to JS, including PGlite's WebAssembly memory. */
  readonly external: number;
  readonly arrayBuffers: number;
}

/** The example server in its own Node process. */
export interface ServerProcess {
  readonly url: string;
  /** Asks the server for its memory after a full GC. */
  memory(): Promise<MemorySample>;
  /** What the server wrote to stderr (its 500s are logged there), the last 200 lines. */
  readonly stderr: readonly string[];
  /** The exit code once the process has ended on its own, else `null`. */
  exitCode(): number | null;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;
const ANSWER_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * The example app's folder, found by walking up from `from`: this module runs from its own folder under vitest and
 * from bench/.out/ when the bench bundles it.
 */
export function findAppRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const own = join(dir, 'package.json');
    if (existsSync(own) && (JSON.parse(readFileSync(own, 'utf8')) as { name?: string }).name === '@chatshare/example') return dir;
    if (existsSync(join(dir, 'examples/app/package.json'))) return join(dir, 'examples/app');
    if (dirname(dir) === dir) throw new Error(`no examples/app above ${from}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isMemorySample = (value: unknown): value is MemorySample =>
  isObject(value) && ['heapUsed', 'rss', 'external', 'arrayBuffers'].every((key) => typeof value[key] === 'number');

/**
 * Bundles server-entry.ts (TypeScript, workspace packages from source) into the app's .cache folder — where its
 * external database drivers resolve — and forks it with --expose-gc. Resolves once the server listens.
 */
export async function startServerProcess(options: { appRoot: string; dataDir: string }): Promise<ServerProcess> {
  const cacheDir = join(options.appRoot, '.cache');
  await mkdir(cacheDir, { recursive: true });
  // One file per run: a bench and a test may soak at the same time.
  const outfile = join(cacheDir, `soak-server-${process.pid}-${Date.now()}.mjs`);
  // The same bundling as `pnpm demo`; imported by its path so that the bench's bundle of this file leaves it alone.
  const bundler = (await import(pathToFileURL(join(options.appRoot, 'scripts/bundle-server.mjs')).href)) as {
    bundleServer(o: { appRoot: string; entry: string; outfile: string }): Promise<void>;
  };
  await bundler.bundleServer({ appRoot: options.appRoot, entry: join(options.appRoot, 'test/soak/server-entry.ts'), outfile });

  const child = fork(outfile, [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, CHATSHARE_SOAK_APP_ROOT: options.appRoot, CHATSHARE_SOAK_DATA_DIR: options.dataDir },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const stderr: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    stderr.push(...lines);
    if (stderr.length > 200) stderr.splice(0, stderr.length - 200);
  });
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the soak server did not start in ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.on('message', function onReady(message: unknown) {
        if (isObject(message) && isObject(message.ready) && typeof message.ready.url === 'string') {
          clearTimeout(timer);
          child.off('message', onReady);
          resolve(message.ready.url);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the soak server exited with ${exitCode} before listening:\n${stderr.slice(-20).join('\n')}`));
      });
    });
    return {
      url,
      stderr,
      exitCode: () => exitCode,
      memory: () => askMemory(child, exited),
      async stop() {
        if (exitCode === null) {
          child.send('stop');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }
        await rm(outfile, { force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await rm(outfile, { force: true });
    throw error;
  }
}

function askMemory(child: ChildProcess, exited: Promise<void>): Promise<MemorySample> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the soak server did not report its memory in ${ANSWER_TIMEOUT_MS / 1000} s`)), ANSWER_TIMEOUT_MS);
    const onMessage = (message: unknown) => {
      if (isObject(message) && isMemorySample(message.memory)) done(null, message.memory);
    };
    function done(error: Error | null, sample?: MemorySample) {
      clearTimeout(timer);
      child.off('message', onMessage);
      if (error) reject(error);
      else resolve(sample!);
    }
    child.on('message', onMessage);
    void exited.then(() => done(new Error('the soak server exited')));
    child.send('memory');
  });
}
