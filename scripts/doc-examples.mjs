// Doc examples are tests: every code block in README.md, docs/*.md and packages/*/README.md that claims to run
// is extracted, typechecked and run, so an example cannot drift from the API.
//
//   node scripts/doc-examples.mjs           extract, print what runs and what is skipped, typecheck (`npm test` step)
//   node scripts/doc-examples.mjs --list    extract and list every block with what happens to it
//
// What happens to a block depends on its fence's language:
//   ts, js   Typechecked (strict, as the root tsconfig, against the BUILT typings in packages/*/dist — what a user
//            installs; run `npm run build` first), then run in Chromium by test/docs/doc-examples.browser.test.ts.
//            Each block becomes a module in test/docs/.tmp/blocks/: its `import`s stay at the top, everything
//            else becomes the body of `export default async function example()`, which returns the block's
//            top-level variables (the test awaits `whenRendered()` and calls `destroy()` on every component
//            handle among them). A block may use, undeclared, only the names test/docs/prelude.ts exports (real
//            data: MNIST predictions, an embedding, a CNN, a hyperparameter sweep; containers `container`, `el`,
//            `a`…`d`): any other free name fails the typecheck. An element a block looks up —
//            `querySelector('#cm')`, `getElementById('cm')`, `querySelector('tl-confusion-matrix')` — exists in the
//            page when it runs.
//   html     Loaded as a page (an iframe) with the built script bundle; relative URLs resolve against
//            test/docs/.tmp/site/, which mirrors docs/examples/ plus the names the docs use for its files
//            (SITE_ALIASES below) and the script files of packages/elements/dist. A block without a <script> of
//            its own gets `<script src="tensorlens.min.js">` after it. Every tl-* element must draw, and the
//            page must log no error.
//   json     Parsed.
//   others   (sh, css, python, jsonc, tsx, vue, no language…) are not run, and are counted in the report.
// A block marked `<!-- excerpt of docs/examples/vue/src/App.vue -->` must appear line for line (indentation aside) in
// that file, which another test builds (the framework apps: scripts/test-frameworks.mjs).
// A block of a running language that is not meant to run is marked on the line before its fence (blank lines
// allowed between), with a reason, and is counted and listed in the report:
//   <!-- not-run: a type excerpt; the real declaration is ConfusionStats in @tensorlens/charts -->
import ts from 'typescript';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'test/docs/.tmp');
const PRELUDE = join(root, 'test/docs/prelude.ts');

/** Short names the docs use for data files of this repository (a doc says `predictions.csv`; the file is longer). */
const SITE_ALIASES = {
  'predictions.csv': 'docs/examples/article-predictions.csv',
  'embedding.csv': 'docs/examples/article-embedding.csv',
  'sweep.csv': 'stories/data/sweep.csv',
};

const RUN = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', mjs: 'js', html: 'html', json: 'json' };
const SHELL = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);
const NOT_RUN = /^\s*<!--\s*not-run\s*(?::\s*([\s\S]*?))?\s*-->\s*$/;
const EXCERPT = /^\s*<!--\s*excerpt of\s+(\S+)\s*-->\s*$/;

/**
 * The markdown files whose blocks are tests. Not docs/api/: that reference is generated from the typings, and its
 * blocks are JSDoc excerpts of the sources.
 */
export function docFiles() {
  const files = ['README.md'];
  for (const f of readdirSync(join(root, 'docs')).sort()) if (f.endsWith('.md')) files.push(`docs/${f}`);
  for (const p of readdirSync(join(root, 'packages')).sort()) if (existsSync(join(root, 'packages', p, 'README.md'))) files.push(`packages/${p}/README.md`);
  return files;
}

/**
 * Every fenced block of one markdown file: `{ file, line, lang, kind, code, codeLine, skip }` where `line` is the
 * fence's line (1-based), `codeLine` the first code line, `kind` 'ts' | 'js' | 'html' | 'json' | 'skip'.
 */
export function extractBlocks(file, problems = []) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, langRaw] = open;
    const lang = langRaw.toLowerCase();
    let j = i + 1;
    while (j < lines.length && !(lines[j].trim().startsWith(fence) && lines[j].trim().replace(/[`~]/g, '') === '')) j++;
    const code = lines
      .slice(i + 1, j)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()))
      .join('\n');
    // Markers: the HTML comments right above the fence (blank lines allowed between).
    let marker = null;
    let excerptOf = null;
    for (let k = i - 1; k >= 0 && (lines[k].trim() === '' || /^\s*<!--.*-->\s*$/.test(lines[k])); k--) {
      const notRun = NOT_RUN.exec(lines[k]);
      if (notRun) {
        if (!notRun[1]) problems.push(`${file}:${k + 1}: <!-- not-run --> needs a reason: <!-- not-run: why this block does not run -->`);
        marker ??= notRun;
      }
      excerptOf ??= EXCERPT.exec(lines[k])?.[1] ?? null;
    }
    const block = { file, line: i + 1, codeLine: i + 2, lang, code, kind: RUN[lang] ?? 'skip', skip: null, excerptOf };
    if (marker) {
      block.kind = 'skip';
      block.skip = `not-run: ${(marker[1] ?? '(no reason given)').replace(/\s+/g, ' ')}`;
    } else if (!RUN[lang]) {
      block.skip = SHELL.has(lang) ? 'shell' : lang ? `${lang}: not a language that runs here` : 'no language: not code';
    }
    blocks.push(block);
    i = j;
  }
  return blocks;
}

/**
 * A block marked `<!-- excerpt of path/in/the/repo -->` must appear, line for line (indentation aside), in that
 * file — which some other test builds (docs/examples/{react,vue,svelte} by scripts/test-frameworks.mjs).
 */
export function checkExcerpt(b, source) {
  const path = join(root, b.excerptOf);
  if (!existsSync(path)) return `${source}: <!-- excerpt of ${b.excerptOf} -->: no such file`;
  const want = b.code.split('\n').map((l) => l.trim());
  while (want.length && want[want.length - 1] === '') want.pop();
  const have = readFileSync(path, 'utf8').split('\n').map((l) => l.trim());
  for (let start = 0; start + want.length <= have.length; start++) if (want.every((l, k) => have[start + k] === l)) return null;
  let best = 0;
  for (let start = 0; start < have.length; start++) {
    let k = 0;
    while (k < want.length && have[start + k] === want[k]) k++;
    best = Math.max(best, k);
  }
  return `${source}: this block is not an excerpt of ${b.excerptOf} as its marker says: its line ${best + 1} (${JSON.stringify(want[best])}) is not in the file there`;
}

/** `docs/confusion-matrix.md`, line 7 → `docs-confusion-matrix-7`. */
function blockId(b) {
  return `${b.file.replace(/\.md$/i, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${b.line}`;
}

/** Names the prelude exports (every exported declaration but `resetPage`, which the test calls). */
function preludeNames() {
  const sf = ts.createSourceFile(PRELUDE, readFileSync(PRELUDE, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const names = [];
  for (const s of sf.statements) {
    const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) continue;
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) names.push(...bindingNames(d.name));
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) names.push(s.name.text);
  }
  return names.filter((n) => n !== 'resetPage');
}

function bindingNames(name) {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

/** The elements a block looks up: `#cm` → a div with that id, `tl-x` → that element. */
function lookedUp(code) {
  const found = new Set();
  for (const m of code.matchAll(/querySelector\(\s*['"]([^'"]+)['"]\s*\)/g)) if (/^(#[\w-]+|tl-[\w-]+)$/.test(m[1])) found.add(m[1]);
  for (const m of code.matchAll(/getElementById\(\s*['"]([\w-]+)['"]\s*\)/g)) found.add(`#${m[1]}`);
  return [...found];
}

/**
 * One block as a module: its imports, the prelude's names it does not import itself, then the rest as the body
 * of `example()`. Returns the text and, per generated line, the markdown line it came from (or null).
 */
function toModule(b, prelude) {
  const kind = b.kind === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(`block.${b.kind}`, b.code, ts.ScriptTarget.ES2022, true, kind);
  const importLines = new Set();
  const imported = new Set();
  const returned = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const from = sf.getLineAndCharacterOfPosition(s.getStart(sf)).line;
      const to = sf.getLineAndCharacterOfPosition(s.end).line;
      for (let l = from; l <= to; l++) importLines.add(l);
      const clause = s.importClause;
      if (clause?.name) imported.add(clause.name.text);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) imported.add(nb.name.text);
      if (nb && ts.isNamedImports(nb)) for (const e of nb.elements) imported.add(e.name.text);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) returned.push(...bindingNames(d.name));
    }
  }
  const codeLines = b.code.split('\n');
  const out = [];
  const emit = (text, mdLine = null) => out.push({ text, mdLine });
  emit(`// Generated by scripts/doc-examples.mjs from ${b.file}:${b.line}. Do not edit: edit the doc.`);
  codeLines.forEach((text, l) => importLines.has(l) && emit(text, b.codeLine + l));
  const fromPrelude = prelude.filter((n) => !imported.has(n));
  if (fromPrelude.length) emit(`import { ${fromPrelude.join(', ')} } from '../../prelude';`);
  emit(b.kind === 'ts' ? 'export default async function example(): Promise<Record<string, unknown>> {' : 'export default async function example() {');
  codeLines.forEach((text, l) => !importLines.has(l) && emit(text, b.codeLine + l));
  emit(`return { ${returned.join(', ')} };`);
  emit('}');
  return out;
}

// test/docs/.tmp is updated in place, never removed first: another vitest run in the same checkout may be reading it.

/** Writes `text` to `path` unless it already holds it (through a temporary file, so a reader never sees half). */
function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Symlinks test/docs/.tmp/site/ → docs/examples/*, SITE_ALIASES and packages/elements/dist/tensorlens*.min.js. */
function makeSite() {
  const site = join(OUT, 'site');
  mkdirSync(site, { recursive: true });
  const wanted = new Map();
  for (const f of readdirSync(join(root, 'docs/examples'))) wanted.set(f, `docs/examples/${f}`);
  for (const [name, target] of Object.entries(SITE_ALIASES)) wanted.set(name, target);
  const dist = join(root, 'packages/elements/dist');
  const bundles = existsSync(dist) ? readdirSync(dist).filter((f) => /^tensorlens.*\.min\.js$/.test(f)) : [];
  // Linked even before a build, so a page shows a missing bundle as a 404 the test names.
  for (const f of new Set(['tensorlens.min.js', ...bundles])) wanted.set(f, `packages/elements/dist/${f}`);
  for (const [name, target] of wanted) {
    const path = join(site, name);
    const to = relative(site, join(root, target));
    let current = null;
    try {
      current = lstatSync(path).isSymbolicLink() ? readlinkSync(path) : '';
    } catch {
      // not there yet
    }
    if (current === to) continue;
    if (current !== null) rmSync(path, { recursive: true, force: true });
    symlinkSync(to, path);
  }
}

/**
 * Extracts every block and updates test/docs/.tmp/: blocks/<id>.ts|js, site/, examples.json (what the browser
 * test runs) and map.json (generated line → markdown line, for typecheck messages). Returns the blocks and the
 * problems found on the way (a not-run marker without a reason, an excerpt that is not in its file, bad json).
 */
export function generate() {
  const problems = [];
  const blocks = docFiles().flatMap((file) => extractBlocks(file, problems));
  mkdirSync(join(OUT, 'blocks'), { recursive: true });
  const prelude = preludeNames();
  const manifest = { scripts: [], pages: [], skipped: [], excerpts: [], problems };
  const maps = {};
  for (const b of blocks) {
    const id = blockId(b);
    const source = `${b.file}:${b.line}`;
    if (b.excerptOf) {
      const problem = checkExcerpt(b, source);
      if (problem) problems.push(problem);
      else manifest.excerpts.push({ source, of: b.excerptOf });
    }
    if (b.kind === 'ts' || b.kind === 'js') {
      const lines = toModule(b, prelude);
      const path = `blocks/${id}.${b.kind}`;
      writeIfChanged(join(OUT, path), lines.map((l) => l.text).join('\n') + '\n');
      maps[path] = { file: b.file, lines: lines.map((l) => l.mdLine) };
      manifest.scripts.push({ id, source, lang: b.kind, module: `./.tmp/${path}`, lookedUp: lookedUp(b.code) });
    } else if (b.kind === 'html') {
      manifest.pages.push({ id, source, html: b.code, lookedUp: lookedUp(b.code) });
    } else if (b.kind === 'json') {
      try {
        JSON.parse(b.code);
      } catch (error) {
        problems.push(`${source}: a json block that does not parse: ${error.message}`);
      }
    } else {
      manifest.skipped.push({ source, lang: b.lang, reason: b.skip });
    }
  }
  makeSite();
  // Blocks of a previous extraction that no longer exist (a doc changed): their modules go.
  for (const f of readdirSync(join(OUT, 'blocks'))) if (!maps[`blocks/${f}`] && !f.endsWith('.tmp')) rmSync(join(OUT, 'blocks', f));
  writeIfChanged(join(OUT, 'examples.json'), JSON.stringify(manifest, null, 1));
  writeIfChanged(join(OUT, 'map.json'), JSON.stringify(maps));
  return { blocks, problems };
}

/** One paragraph: how many blocks run, how many are skipped and why (the not-run ones listed by place). */
export function report(blocks) {
  const count = (pred) => blocks.filter(pred).length;
  const files = new Set(blocks.map((b) => b.file)).size;
  const skipped = blocks.filter((b) => b.kind === 'skip');
  const byReason = {};
  for (const b of skipped) if (!b.skip.startsWith('not-run')) byReason[b.lang || 'no language'] = (byReason[b.lang || 'no language'] ?? 0) + 1;
  const marked = skipped.filter((b) => b.skip.startsWith('not-run'));
  const excerpts = blocks.filter((b) => b.excerptOf).length;
  const lines = [
    `doc examples: ${blocks.length} code blocks in ${files} files — ` +
      `run: ${count((b) => b.kind === 'ts')} ts + ${count((b) => b.kind === 'js')} js (typecheck + Chromium), ` +
      `${count((b) => b.kind === 'html')} html (page in Chromium), ${count((b) => b.kind === 'json')} json (parsed); ` +
      `not run: ${Object.entries(byReason).map(([l, n]) => `${n} ${l}`).join(', ') || 'none'}` +
      `; marked not-run: ${marked.length}` +
      (excerpts ? `; ${excerpts} marked as excerpts of a file, compared with it` : ''),
    ...marked.map((b) => `  not-run ${b.file}:${b.line} — ${b.skip.slice('not-run: '.length)}`),
  ];
  return lines.join('\n');
}

/**
 * Typechecks the generated blocks (and the prelude) with the root tsconfig's options, strict, except that
 * @tensorlens/* resolve as a user's app resolves them — through node_modules and each package's `exports` to
 * packages/*\/dist/*.d.ts — and no test globals are visible. js blocks are checked as JavaScript (checkJs) with
 * strictNullChecks off: plain JavaScript has no `!`, so `document.querySelector('#cm')` is taken to be there.
 * Returns the messages, each at its markdown line.
 */
export function typecheck() {
  const missing = ['core', 'charts', 'gl', 'explain', 'views', 'elements'].filter((p) => !existsSync(join(root, 'packages', p, 'dist/index.d.ts')));
  if (missing.length) return [`packages/{${missing.join(',')}}/dist has no typings: run \`npm run build\` first (the examples are checked against what users install).`];
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  const options = { ...parsed.options, paths: undefined, baseUrl: undefined, types: [], allowJs: true, checkJs: true, noEmit: true };
  const maps = JSON.parse(readFileSync(join(OUT, 'map.json'), 'utf8'));
  const files = (ext) => Object.keys(maps).filter((p) => p.endsWith(ext)).map((p) => join(OUT, p));
  const tsProgram = ts.createProgram([...files('.ts'), PRELUDE], options);
  const jsProgram = ts.createProgram([...files('.js'), PRELUDE], { ...options, strictNullChecks: false }, undefined, tsProgram);
  const diagnostics = [...ts.getPreEmitDiagnostics(tsProgram), ...ts.getPreEmitDiagnostics(jsProgram).filter((d) => d.file?.fileName.endsWith('.js'))];
  const messages = [];
  for (const d of diagnostics) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
    if (!d.file) {
      messages.push(`error TS${d.code}: ${text}`);
      continue;
    }
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const rel = relative(OUT, d.file.fileName).split('\\').join('/');
    const map = maps[rel];
    const mdLine = map?.lines[line];
    if (map && mdLine) messages.push(`${map.file}:${mdLine}:${character + 1} error TS${d.code}: ${text}`);
    else if (map) messages.push(`${map.file} (generated ${rel}:${line + 1}) error TS${d.code}: ${text}`);
    else messages.push(`${relative(root, d.file.fileName)}:${line + 1}:${character + 1} error TS${d.code}: ${text}`);
  }
  return [...new Set(messages)];
}

/** vitest globalSetup (browser project): regenerate test/docs/.tmp before the examples run. */
export function setup() {
  generate();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const { blocks, problems } = generate();
  if (process.argv.includes('--list')) {
    for (const b of blocks) console.log(`${b.file}:${b.line}\t${b.lang || '-'}\t${b.kind === 'skip' ? b.skip : { json: 'parsed', html: 'page in Chromium' }[b.kind] ?? 'typecheck + run in Chromium'}`);
  }
  console.log(report(blocks));
  const messages = [...problems, ...typecheck()];
  for (const m of messages) console.error(m);
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  if (messages.length) {
    console.error(`\ndoc examples: ${messages.length} error(s) (${s} s). Fix the doc, or mark a block that cannot run with <!-- not-run: reason -->.`);
    process.exit(1);
  }
  console.log(`doc examples: typecheck passed (${s} s); they run in Chromium in the vitest browser project (test/docs/doc-examples.browser.test.ts).`);
}
