// What a published package must contain and what its files must be, checked on the `npm pack` file list and
// the built dist/ (scripts/check-packages.mjs runs these after publint and arethetypeswrong):
//  - README.md, LICENSE (the repository's) and dist/ are shipped; src/ is not (the ESM source maps carry their sources);
//  - every bare import of dist/*.js is a dependency or peer dependency (else it would resolve by luck, or not);
//  - every source map has the content of every source it names (sourcesContent), so it works without src/;
//  - a file with a third-party licence banner ships THIRD_PARTY_NOTICES.txt, which has every package it names;
//  - every script-tag file (dist/*.min.js) is ASCII only, starts with its licence banner, parses as an ES
//    module with no top-level `this` (so `import '…min.js'` works as well as <script src>), and has no
//    sourceMappingURL (script files ship without maps).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rollup/parseAst';

/** The files `npm pack` would put in the tarball of `dir`, relative to it. */
export function packedFiles(dir) {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed in ${dir}: ${r.stderr}`);
  return JSON.parse(r.stdout)[0].files.map((f) => f.path);
}

/** The `this` expressions of a program outside every function and class body (ESTree), with their offsets. */
export function topLevelThis(code) {
  const found = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'ThisExpression') found.push(node.start);
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ClassBody') return;
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(parseAst(code));
  return found;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The packages a module imports by bare specifier ('d3-scale', '@tensorlens/core'), subpaths reduced to the package. */
export function bareImports(code) {
  // Parsed, not matched as text: a JSDoc line in the output (`import { X } from '@tensorlens/elements'`) is no import.
  const specifiers = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    const sourced = ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].includes(node.type);
    if (sourced && node.source?.type === 'Literal' && typeof node.source.value === 'string') specifiers.push(node.source.value);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(parseAst(code));
  const bare = specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('/'));
  return [...new Set(bare.map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')))];
}

/** The package names listed in a licence banner (` *   regl 2.1.1 - MIT - …`). */
const bannerPackages = (banner) => [...banner.matchAll(/^ \* {3}(\S+) (\S+) - /gm)].map((m) => `${m[1]} ${m[2]}`);

/** Problems of the package in `dir` (an empty list when it is fine). */
export function packageContentProblems(dir) {
  const problems = [];
  const files = packedFiles(dir);
  for (const must of ['README.md', 'LICENSE', 'package.json']) if (!files.includes(must)) problems.push(`${must} is not in the package`);
  if (readFileSync(join(dir, 'LICENSE'), 'utf8') !== readFileSync(join(ROOT, 'LICENSE'), 'utf8')) problems.push('LICENSE differs from the repository\'s LICENSE');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
  const srcFiles = files.filter((f) => f.startsWith('src/'));
  if (srcFiles.length) problems.push(`src/ is shipped (${srcFiles.length} files); the maps carry their sources`);
  const dist = join(dir, 'dist');
  const shipped = (f) => files.includes(`dist/${f}`);
  const notices = shipped('THIRD_PARTY_NOTICES.txt') ? readFileSync(join(dist, 'THIRD_PARTY_NOTICES.txt'), 'utf8') : null;

  for (const f of readdirSync(dist).filter(shipped)) {
    const text = readFileSync(join(dist, f), 'utf8');
    if (f.endsWith('.map')) {
      const map = JSON.parse(text);
      const missing = map.sources.filter((_, i) => typeof map.sourcesContent?.[i] !== 'string');
      if (missing.length) problems.push(`dist/${f} lacks the content of ${missing.length} sources (${missing[0]}, …)`);
      continue;
    }
    if (!f.endsWith('.js')) continue;
    if (!f.endsWith('.min.js')) {
      for (const name of bareImports(text)) if (!declared.has(name)) problems.push(`dist/${f} imports ${name}, which is not a dependency or peer dependency of ${pkg.name}`);
    }
    const banner = text.startsWith('/*!') ? text.slice(0, text.indexOf('*/') + 2) : '';
    for (const name of bannerPackages(banner)) {
      if (!notices) problems.push(`dist/${f} bundles ${name} but dist/THIRD_PARTY_NOTICES.txt is not shipped`);
      else if (!notices.includes(`\n${name}\n`)) problems.push(`dist/THIRD_PARTY_NOTICES.txt lacks ${name} (named in the banner of dist/${f})`);
    }
    if (!f.endsWith('.min.js')) continue;
    // A script-tag file.
    const at = text.search(/[^ -~\t\n\r]/);
    if (at >= 0) problems.push(`dist/${f} has a character outside printable ASCII: ${JSON.stringify(text.slice(Math.max(0, at - 30), at + 10))}`);
    if (!banner.startsWith(`/*! ${f} - `) || !banner.includes('THIRD_PARTY_NOTICES.txt')) problems.push(`dist/${f} does not start with its licence banner (/*! ${f} - … THIRD_PARTY_NOTICES.txt …)`);
    if (/sourceMappingURL/.test(text.slice(-300))) problems.push(`dist/${f} names a source map; script files ship without one`);
    try {
      const at = topLevelThis(text);
      if (at.length) problems.push(`dist/${f} uses \`this\` at the top level (undefined in an ES module): ${JSON.stringify(text.slice(at[0] - 30, at[0] + 30))}`);
    } catch (e) {
      problems.push(`dist/${f} does not parse as an ES module: ${e.message}`);
    }
  }
  return problems;
}
