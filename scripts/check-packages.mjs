// Runs publint and arethetypeswrong on each built package (npm pack tarball, as users get it), then checks what the
// tarball holds (README, LICENSE, no src/, maps with their sources, licence notices, ASCII module-safe script
// files: scripts/package-contents.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { packageContentProblems } from './package-contents.mjs';

let failed = false;
for (const name of readdirSync('packages')) {
  const dir = `packages/${name}`;
  for (const [label, args] of [
    ['publint', ['publint', '--strict', dir]],
    // The IIFE is a classic <script>, not a module entry point: nothing to type-check there.
    ['attw', ['attw', '--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped', '--exclude-entrypoints', 'tensorlens.min.js', 'tensorlens-*.min.js']],
  ]) {
    const r = spawnSync('npx', ['--no-install', ...args], { encoding: 'utf8' });
    const out = (r.stdout + r.stderr).trim();
    if (r.status !== 0) {
      failed = true;
      console.error(`✖ ${label} @tensorlens/${name}\n${out}`);
    } else console.log(`✔ ${label} @tensorlens/${name}`);
  }
  const problems = packageContentProblems(dir);
  if (problems.length) {
    failed = true;
    console.error(`✖ contents @tensorlens/${name}\n  ${problems.join('\n  ')}`);
  } else console.log(`✔ contents @tensorlens/${name}`);
}
process.exit(failed ? 1 : 0);
