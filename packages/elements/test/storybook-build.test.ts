import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('Storybook', () => {
  it('builds offline with a story for every component state', () => {
    const out = mkdtempSync(join(tmpdir(), 'chatshare-storybook-'));
    try {
      const run = spawnSync('pnpm', ['exec', 'storybook', 'build', '--quiet', '-o', out], {
        cwd: packageDir,
        env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: 'true' },
        encoding: 'utf8',
      });
      expect(run.status, run.stderr.slice(-2000)).toBe(0);
      expect(existsSync(join(out, 'iframe.html'))).toBe(true);
      const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { entries: Record<string, unknown> };
      const ids = Object.keys(index.entries);
      for (const id of [
        'elements-share-chat-modal--first-state-community-disabled',
        'elements-share-chat-modal--already-shared',
        'elements-share-chat-modal--copy-failed',
        'elements-shared-chat-viewer--with-branches',
        'elements-shared-chat-viewer--long-chat',
        'elements-shared-chat-viewer--login-required',
        'elements-shared-chat-viewer--revoked',
        'elements-shared-chat-viewer--xss-payloads-inert',
        'elements-shared-links-manager--default',
      ]) {
        expect(ids).toContain(id);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
