// `pnpm test`: builds the packages (publint, attw, the pack smoke test and size budgets read dist/), then runs every
// vitest project once and closes with the `N passed, N failed` line CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (run('pnpm', ['build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
mkdirSync('.test-results', { recursive: true });
const report = '.test-results/vitest.json';
const extra = process.argv.slice(2);
const status = run('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests ?? 0;
  failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
  skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  // A file that failed to load has no tests counted: count it as a failure so it cannot hide.
  for (const file of result.testResults ?? []) if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed++;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
