// Strict TypeScript over every package, the example app, the bench and the tests (tsconfig.json at the root):
// `pnpm test` fails on a type error as it does on a failing assertion.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

it('the whole workspace typechecks under strict settings (tsc --noEmit)', () => {
  let output = '';
  try {
    execFileSync(resolve(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
}, 300_000);
