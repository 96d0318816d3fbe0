// `npm test`: build, typecheck, lint, package checks, size budgets, then every vitest project.
import { spawnSync } from 'node:child_process';

const steps = [
  ['build', 'npm', ['run', 'build', '--silent']],
  ['typecheck', 'npm', ['run', 'typecheck', '--silent']],
  ['lint', 'npm', ['run', 'lint', '--silent']],
  ['packages (publint + arethetypeswrong)', 'npm', ['run', 'check:packages', '--silent']],
  ['size budgets', 'npm', ['run', 'size', '--silent']],
  ['vitest: unit, browser, stories', 'npx', ['vitest', 'run']],
];
const only = process.argv.slice(2);
const t0 = Date.now();
for (const [label, cmd, args] of steps) {
  if (only.length && !only.some((o) => label.startsWith(o))) continue;
  const s = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`\n✖ ${label} failed (exit ${r.status}) after ${((Date.now() - s) / 1000).toFixed(1)} s`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${label} (${((Date.now() - s) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
