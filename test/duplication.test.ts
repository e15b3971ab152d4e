// One home for every rule: a copy-paste detector (jscpd) over the packages' source finds no copied logic. A rule
// written twice drifts (the modal and the manager once named the same QR file differently); this test makes a copy
// fail the suite instead of waiting for a reviewer to notice it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const jscpd = join(root, 'node_modules', 'jscpd', 'bin', 'jscpd');

/** Six lines and fifty tokens: below that, matches are imports, short JSX-like templates and type plumbing. */
const MIN_LINES = 6;
const MIN_TOKENS = 50;

interface JscpdClone {
  readonly firstFile: { readonly name: string; readonly start: number; readonly end: number };
  readonly secondFile: { readonly name: string; readonly start: number; readonly end: number };
  readonly lines: number;
}

function detectClones(paths: readonly string[]): JscpdClone[] {
  const output = mkdtempSync(join(tmpdir(), 'chatshare-jscpd-'));
  try {
    const run = spawnSync(
      process.execPath,
      [
        jscpd,
        '--silent',
        '--min-lines', String(MIN_LINES),
        '--min-tokens', String(MIN_TOKENS),
        '--format', 'typescript',
        '--reporters', 'json',
        '--output', output,
        '--ignore', '**/node_modules/**,**/dist/**',
        ...paths,
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    if (run.status !== 0) throw new Error(`jscpd failed (${run.status}): ${run.stderr || run.stdout}`);
    const report = JSON.parse(readFileSync(join(output, 'jscpd-report.json'), 'utf8')) as { duplicates: JscpdClone[] };
    return report.duplicates;
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}

const where = (file: JscpdClone['firstFile']) => `${relative(root, join(root, file.name))}:${file.start}-${file.end}`;

describe('source duplication (one home for every rule)', () => {
  it('jscpd finds no copied logic in packages/*/src', { timeout: 180_000 }, () => {
    const clones = detectClones(['packages/core/src', 'packages/adapters/src', 'packages/elements/src']);
    expect(clones.map((c) => `${where(c.firstFile)} ~ ${where(c.secondFile)} (${c.lines} lines)`)).toEqual([]);
  });
});
