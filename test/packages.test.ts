// Packaging checks over the built packages (`pnpm test` builds them first): publint and attw on each, then a smoke
// test that packs every package with `pnpm pack`, installs the tarballs into a scratch project outside the workspace
// with npm — as a user's `npm install` would — and imports them there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.build);

const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

describe.each(packages.map((dir) => [JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string, dir]))('%s package', (_name, dir) => {
  it('is built', () => {
    expect(existsSync(join(dir, 'dist'))).toBe(true);
  });
  it('passes publint --strict', () => {
    const out = run(bin('publint'), ['--strict'], dir);
    expect(out).not.toMatch(/error|warning/i);
  }, 60_000);
  it('passes attw (are the types wrong) for ESM consumers', () => {
    run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped'], dir);
  }, 120_000);
});

describe('pack smoke test: install the tarballs outside the workspace', () => {
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'chatshare-smoke-'));
    const tarballs = packages.map((dir) => run('pnpm', ['pack', '--pack-destination', scratch], dir).trim().split('\n').pop()!);
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'smoke', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', ...tarballs.map((t) => resolve(scratch, t))], scratch);
  }, 300_000);
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('@chatshare/core imports and shares a chat as a user would', () => {
    writeFileSync(
      join(scratch, 'core.mjs'),
      `import { createShareService, MemoryShareStore } from '@chatshare/core';
       const chat = { title: 'Smoke', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] };
       const service = createShareService({ store: new MemoryShareStore(), chats: { getChat: async () => ({ ownerId: 'u1', chat }) } });
       const share = await service.forActor({ id: 'u1' }).createShare({ chatId: 'c' });
       const view = await service.forActor({ id: 'u2' }).readShare(share.id);
       console.log(view.title, Object.keys(view.snapshot.messages).length);`,
    );
    expect(run('node', ['core.mjs'], scratch).trim()).toBe('Smoke 2');
  });

  it('@chatshare/core/testing resolves for adapter authors', () => {
    writeFileSync(join(scratch, 'testing.mjs'), `console.log(typeof (await import.meta.resolve('@chatshare/core/testing')));`);
    expect(run('node', ['testing.mjs'], scratch).trim()).toBe('string');
  });

  it.runIf(packages.some((d) => d.endsWith('adapters')))('@chatshare/adapters/http serves a share over a WHATWG Request', () => {
    writeFileSync(
      join(scratch, 'adapters.mjs'),
      `import { createShareService, MemoryShareStore } from '@chatshare/core';
       import { createShareHandler } from '@chatshare/adapters/http';
       const service = createShareService({ store: new MemoryShareStore(), chats: { getChat: async () => null } });
       const handler = createShareHandler(service, { identify: () => null });
       const res = await handler(new Request('http://127.0.0.1/api/chatshare/settings'));
       console.log(res.status, (await res.json()).communitySharing);`,
    );
    expect(run('node', ['adapters.mjs'], scratch).trim()).toBe('200 false');
  });

  it.runIf(packages.some((d) => d.endsWith('elements')))('@chatshare/elements bundles for the browser from the installed package', () => {
    writeFileSync(join(scratch, 'entry.js'), `import '@chatshare/elements/share-chat-modal.js';\nimport '@chatshare/elements/shared-chat-viewer.js';\n`);
    run(bin('esbuild'), ['entry.js', '--bundle', '--format=esm', '--outfile=out.js', '--log-level=error'], scratch);
    const bundle = readFileSync(join(scratch, 'out.js'), 'utf8');
    expect(bundle).toContain('share-chat-modal');
    expect(bundle).toContain('shared-chat-viewer');
  });
});
