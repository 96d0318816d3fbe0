// `npm test`: build, typecheck, lint, package checks, size budgets, then every vitest project.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const report = join(tmpdir(), `tensorlens-vitest-${process.pid}.json`);

const steps = [
  ['build', 'npm', ['run', 'build', '--silent']],
  ['typecheck', 'npm', ['run', 'typecheck', '--silent']],
  ['lint', 'npm', ['run', 'lint', '--silent']],
  ['packages (publint + arethetypeswrong)', 'npm', ['run', 'check:packages', '--silent']],
  ['size budgets', 'npm', ['run', 'size', '--silent']],
  ['API reference is current', 'node', ['scripts/api-docs.mjs', '--check']],
  ['doc examples: extract + typecheck (they run in the vitest browser project)', 'node', ['scripts/doc-examples.mjs']],
  ['frameworks (React, Vue, Svelte example apps)', 'node', ['scripts/test-frameworks.mjs']],
  ['install (packed tarballs in a fresh project)', 'node', ['scripts/test-install.mjs']],
  ['vitest: unit, browser, stories', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]],
];
// One closing line that any CI reads: 'vitest: N passed, N failed'.
function printCounts() {
  if (!existsSync(report)) return;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(report);
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\nvitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ''));
}

const only = process.argv.slice(2);
const t0 = Date.now();
for (const [label, cmd, args] of steps) {
  if (only.length && !only.some((o) => label.startsWith(o))) continue;
  const s = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    printCounts();
    console.error(`\n✖ ${label} failed (exit ${r.status}) after ${((Date.now() - s) / 1000).toFixed(1)} s`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${label} (${((Date.now() - s) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
printCounts();
