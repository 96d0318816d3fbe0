// `node scripts/test-install.mjs [--keep]`: what a stranger gets from the registry, checked from the packed
// tarballs (run `npm run build` first). Every package is packed (`npm pack`, so `files` and `exports` are the
// published ones) and installed into a fresh project in a temp folder beside Vite and TypeScript, WITHOUT
// @tensorflow/tfjs-core. The project is the app in test/install/app (charts + gl + views + elements). Then:
//   - Node imports every entry of every package (`exports`, script files included); the attribution entry must
//     fail only because tfjs-core is missing;
//   - `tsc --noEmit` (strict, skipLibCheck off) over the app and every typed entry;
//   - `vite build` prints nothing at --logLevel warn (no warning at all);
//   - `vite` dev serves the app, and headless Chromium draws it (confusion-matrix cells in the DOM, point-cloud and
//     parallel-coordinates pixels on their WebGL canvases) with no console error.
// Then tfjs-core and its CPU backend are installed, test/install/app-tfjs is added (gradients through
// @tensorlens/explain/attribution drawn by the saliency overlay), and the same runs again, plus a Node script that
// computes attributions of a tiny model. Prints one line per step; exits non-zero when any step fails.
// --keep leaves the temp folder (its path is printed) for a look.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stripVTControlCharacters } from 'node:util';
import { chromium } from 'playwright-core';
import { findChromium, CHROMIUM_ARGS } from './chromium.mjs';
import { root, workspacePackages } from './workspace.mjs';

const keep = process.argv.includes('--keep');
const t0 = Date.now();
const secs = (since) => ((Date.now() - since) / 1000).toFixed(1);
let failures = 0;

/** Runs one step; resolves { ok, line }: ✔ with its note (the value fn returns) or ✖ with the error. */
async function attempt(label, fn) {
  const start = Date.now();
  const indent = (text) => String(text).trim().replaceAll('\n', '\n    ');
  try {
    const note = await fn();
    return { ok: true, line: `✔ ${label} (${secs(start)} s)${note ? `\n    ${indent(note)}` : ''}` };
  } catch (error) {
    failures++;
    return { ok: false, line: `✖ ${label} (${secs(start)} s)\n    ${indent(error?.message ?? error)}` };
  }
}

/** Runs one step and prints its line. Returns whether it passed. */
async function step(label, fn) {
  const r = await attempt(label, fn);
  (r.ok ? console.log : console.error)(r.line);
  return r.ok;
}

/** Runs independent steps at the same time (2 cores: the Node imports and tsc overlap the bundling), prints in order. */
async function steps(list) {
  const results = await Promise.all(list.map(([label, fn]) => attempt(label, fn)));
  for (const r of results) (r.ok ? console.log : console.error)(r.line);
  return results.every((r) => r.ok);
}

/** Runs a command; resolves { code, out } (stdout and stderr together, in order) — never rejects on a non-zero exit. */
function run(cmd, args, { cwd, timeoutMs = 120_000, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      out += d;
      err += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish in ${timeoutMs / 1000} s\n${out}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out: out.trim(), err: err.trim() });
    });
  });
}

async function mustRun(cmd, args, options) {
  const r = await run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${basename(cmd)} ${args.join(' ')} exited ${r.code}\n${r.out}`);
  return r;
}

const npm = (args, cwd) => mustRun('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd });
const version = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

function folderSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderSize(path) : entry.isFile() ? statSync(path).size : 0;
  }
  return total;
}

/**
 * Every entry of every installed tensorlens package, from its `exports` map: `{ specifier, typed }`. A wildcard
 * (`./tensorlens-*.min.js`) is expanded over the files the package ships.
 */
function installedEntries(project) {
  const entries = [];
  for (const { name } of workspacePackages()) {
    const dir = join(project, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const [key, value] of Object.entries(pkg.exports ?? { '.': pkg.main })) {
      if (key === './package.json') continue;
      const target = typeof value === 'string' ? value : value.default ?? value.import;
      const typed = typeof value === 'object' && value !== null && 'types' in value;
      if (!key.includes('*')) {
        entries.push({ specifier: key === '.' ? name : `${name}/${key.slice(2)}`, typed });
        continue;
      }
      const [before, after] = basename(target).split('*');
      for (const file of readdirSync(join(dir, dirname(target)))) {
        if (file.startsWith(before) && file.endsWith(after) && file.length > before.length + after.length) {
          entries.push({ specifier: `${name}/${key.slice(2).replace('*', file.slice(before.length, file.length - after.length))}`, typed });
        }
      }
    }
  }
  return entries;
}

const ATTRIBUTION = '@tensorlens/explain/attribution';
// What `node -e` runs for one entry (JSON entries, like the Custom Elements Manifest, need the json attribute).
const IMPORT = "const s = process.argv[1]; await import(s, s.endsWith('.json') ? { with: { type: 'json' } } : undefined);";

/**
 * The bare modules an installed entry's .d.ts imports that the project cannot resolve. An entry named after a
 * framework (`@tensorlens/elements/react` → react) may need that framework; anything else it needs must be there.
 */
function missingTypeImports(project, specifier) {
  const [scope, name, ...rest] = specifier.split('/');
  const dir = join(project, 'node_modules', scope, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entry = pkg.exports[rest.length ? `./${rest.join('/')}` : '.'];
  const text = readFileSync(join(dir, entry.types), 'utf8');
  const modules = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s*['"]([^'".][^'"]*)['"]|^import\s*['"]([^'".][^'"]*)['"]/gm)].map((m) => m[1] ?? m[2]);
  const packageOf = (m) => m.split('/').slice(0, m.startsWith('@') ? 2 : 1).join('/');
  const resolvable = (m) => [packageOf(m), `@types/${packageOf(m).replace('@', '').replace('/', '__')}`].some((p) => existsSync(join(project, 'node_modules', p)));
  return [...new Set(modules.filter((m) => !resolvable(m)).map(packageOf))];
}

/** Node imports every entry, each in its own process; with no tfjs-core, the attribution entry must fail naming it. */
async function nodeImports(project, withTfjs) {
  const entries = installedEntries(project);
  if (!entries.some((e) => e.specifier === ATTRIBUTION)) throw new Error(`${ATTRIBUTION} is not among the exports`);
  const results = [];
  for (let i = 0; i < entries.length; i += 4) {
    results.push(
      ...(await Promise.all(
        entries.slice(i, i + 4).map(async ({ specifier }) => ({
          specifier,
          ...(await run(process.execPath, ['--input-type=module', '-e', IMPORT, specifier], { cwd: project, timeoutMs: 60_000 })),
        })),
      )),
    );
  }
  const problems = [];
  for (const r of results) {
    const expectMissingTfjs = !withTfjs && r.specifier === ATTRIBUTION;
    if (expectMissingTfjs) {
      if (r.code === 0 || !/Cannot find package '@tensorflow\/tfjs-core'/.test(r.out)) problems.push(`${r.specifier} without tfjs-core should fail naming @tensorflow/tfjs-core; got exit ${r.code}\n${r.out}`);
    } else if (r.code !== 0 || r.err) problems.push(`import('${r.specifier}') ${r.code ? `threw (exit ${r.code})` : 'printed to stderr'}:\n${r.out.split('\n').slice(0, 8).join('\n')}`);
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return results.map((r) => (!withTfjs && r.specifier === ATTRIBUTION ? `${r.specifier} (fails as expected: tfjs-core is not installed)` : r.specifier)).join(', ');
}

/** `tsc --noEmit` over the app plus a file that imports every typed entry, so each published .d.ts is checked. */
async function typecheck(project, withTfjs) {
  const skipped = [];
  const typed = installedEntries(project).filter((e) => {
    if (!e.typed || (!withTfjs && e.specifier === ATTRIBUTION)) return false;
    const missing = missingTypeImports(project, e.specifier);
    const framework = e.specifier.split('/').slice(2).join('/');
    if (missing.length && missing.every((m) => m === framework)) {
      skipped.push(`${e.specifier} (needs ${missing.join(', ')}, not installed here)`);
      return false;
    }
    return true;
  });
  writeFileSync(
    join(project, 'src/every-entry.ts'),
    '// Written by scripts/test-install.mjs: every typed entry of every package, so tsc checks each published .d.ts.\n' +
      typed.map((e, i) => `export type * as entry${i} from '${e.specifier}';\n`).join(''),
  );
  const r = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { cwd: project });
  if (r.code !== 0 || r.out) throw new Error(`tsc exited ${r.code}\n${r.out}`);
  return `strict, skipLibCheck false: ${typed.length} typed entries and the app` + (skipped.length ? `; not checked: ${skipped.join(', ')}` : '');
}

/** `vite build` must print nothing at --logLevel warn. Returns the size of what it wrote. */
async function viteBuild(project) {
  const r = await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: project });
  if (r.code !== 0) throw new Error(`vite build exited ${r.code}\n${r.out}`);
  if (r.out) throw new Error(`vite build printed (expected nothing at --logLevel warn):\n${r.out}`);
  const assets = join(project, 'dist/assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const bytes = js.reduce((s, f) => s + statSync(join(assets, f)).size, 0);
  const gz = js.reduce((s, f) => s + gzipSync(readFileSync(join(assets, f))).length, 0);
  return `no warnings; ${js.length} JS file(s), ${kB(bytes)} (${kB(gz)} gzipped)`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `vite` dev server + headless Chromium: the page draws, and neither the browser nor the server reports a problem. */
async function viteDev(project, checks) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // NO_COLOR: a CI that forces colour would otherwise print the port wrapped in ANSI codes; the readiness check also
  // strips them, so the URL is found either way.
  const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: project,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  let browser;
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite did not start in 30 s:\n${log}`)), 30_000);
      const poll = setInterval(() => {
        if (stripVTControlCharacters(log).includes(url)) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve();
        }
      }, 50);
      server.on('exit', (code) => reject(new Error(`vite exited ${code}:\n${log}`)));
    });
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1000, height: 1600 } });
    const consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => r.status() >= 400 && consoleErrors.push(`HTTP ${r.status()} for ${r.url()}`));
    await page.goto(url);
    await page
      .waitForFunction((names) => names.every((n) => window.tensorlensInstallCheck?.[n]), checks, { timeout: 60_000 })
      .catch(() => {
        throw new Error(`the page did not finish drawing in 60 s; console errors: ${consoleErrors.join('\n') || 'none'}`);
      });
    const seen = await page.evaluate(() => {
      // How much of a canvas is painted (alpha > 0) and how many colours it shows (read through a 2-D copy).
      const paint = (selector) => {
        const canvas = document.querySelector(selector);
        if (!canvas || !canvas.width || !canvas.height) return { painted: 0, colours: 0 };
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const context = copy.getContext('2d');
        context.drawImage(canvas, 0, 0);
        const data = context.getImageData(0, 0, copy.width, copy.height).data;
        let painted = 0;
        const colours = new Set();
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 0) continue;
          painted++;
          colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
        }
        return { painted, colours: colours.size };
      };
      return {
        results: window.tensorlensInstallCheck,
        matrixCells: document.querySelectorAll('#confusion-matrix .tl-cm-cell').length,
        elementCells: document.querySelectorAll('#element .tl-cm-cell').length,
        cloud: paint('#point-cloud .tl-pc-canvas'),
        lines: paint('#parallel-coordinates .tl-par-canvas'),
        saliency: paint('#saliency .tl-px'),
      };
    });
    const problems = [];
    for (const name of checks) if (seen.results[name] !== 'ok') problems.push(`${name}: ${seen.results[name]}`);
    if (seen.matrixCells !== 9) problems.push(`confusion matrix: ${seen.matrixCells} cells in the DOM, expected 9 (3 classes)`);
    if (seen.elementCells !== 9) problems.push(`<tl-confusion-matrix>: ${seen.elementCells} cells in the DOM, expected 9`);
    if (seen.cloud.painted < 200 || seen.cloud.colours < 3) problems.push(`point cloud: ${seen.cloud.painted} painted pixels in ${seen.cloud.colours} colours on its WebGL canvas (expected ≥ 200 in ≥ 3: one colour per class)`);
    if (seen.lines.painted < 200) problems.push(`parallel coordinates: ${seen.lines.painted} painted pixels on its WebGL canvas (expected ≥ 200)`);
    if (checks.includes('attribution') && (seen.saliency.painted < 64 || seen.saliency.colours < 2)) problems.push(`saliency overlay: ${seen.saliency.painted} painted pixels in ${seen.saliency.colours} colours (expected the 8 × 8 map: ≥ 64 in ≥ 2)`);
    if (consoleErrors.length) problems.push(`console errors:\n${consoleErrors.join('\n')}`);
    const serverProblems = log.split('\n').filter((line) => /error|warn|fail|could not/i.test(line));
    if (serverProblems.length) problems.push(`vite dev server reported:\n${serverProblems.join('\n')}`);
    if (problems.length) throw new Error(problems.join('\n'));
    return (
      `${seen.matrixCells} matrix cells, ${seen.elementCells} element cells, point cloud ${seen.cloud.painted} px in ${seen.cloud.colours} colours, ` +
      `parallel coordinates ${seen.lines.painted} px` +
      (checks.includes('attribution') ? `, saliency ${seen.saliency.painted} px` : '') +
      ', no console errors'
    );
  } finally {
    await browser?.close();
    server.kill();
  }
}

// ---------------------------------------------------------------------------------------------------------------
const packages = workspacePackages();
const missing = packages.filter((p) => !existsSync(join(root, 'packages', p.dir, 'dist/index.js')));
if (missing.length) {
  console.error(`✖ no build of ${missing.map((p) => p.name).join(', ')}: run \`npm run build\` first.`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'tensorlens-install-'));
const packs = join(work, 'packs');
const project = join(work, 'app');
const tarballs = {};
console.log(`install test in ${work}`);
// Interrupted (Ctrl-C, a CI timeout): remove the temp folder all the same.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (!keep) rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}

try {
  const packed = await step('pack every package (npm pack)', async () => {
    mkdirSync(packs);
    const r = await mustRun('npm', ['pack', '--workspaces', '--pack-destination', packs, '--json', '--loglevel=error'], { cwd: root });
    const list = JSON.parse(r.out.slice(r.out.indexOf('[')));
    for (const p of list) tarballs[p.name] = join(packs, p.filename);
    const absent = packages.filter((p) => !tarballs[p.name]);
    if (absent.length) throw new Error(`not packed: ${absent.map((p) => p.name).join(', ')}`);
    return list.map((p) => `${p.name}: ${kB(p.size)} packed, ${kB(p.unpackedSize)} unpacked, ${p.entryCount} files`).join('\n');
  });

  const installed =
    packed &&
    (await step('install the tarballs + vite + typescript in a fresh project, without tfjs-core', async () => {
      cpSync(join(root, 'test/install/app'), project, { recursive: true });
      const dependencies = Object.fromEntries(packages.map((p) => [p.name, `file:${tarballs[p.name]}`]));
      const devDependencies = { vite: version('vite'), typescript: version('typescript') };
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'tensorlens-install-check', private: true, type: 'module', dependencies, devDependencies }, null, 2));
      await npm(['install'], project);
      if (existsSync(join(project, 'node_modules/@tensorflow'))) throw new Error('@tensorflow/* was installed though nothing asked for it');
      const ours = packages.map((p) => folderSize(join(project, 'node_modules', p.name))).reduce((a, b) => a + b, 0);
      return `no @tensorflow/* in node_modules; @tensorlens/* take ${kB(ours)} on disk`;
    }));

  if (installed) {
    console.log('\n— without tfjs-core —');
    await steps([
      ['vite build', () => viteBuild(project)],
      ['Node: import every entry', () => nodeImports(project, false)],
      ['tsc --noEmit', () => typecheck(project, false)],
    ]);
    await step('vite dev + Chromium: the page draws', () => viteDev(project, ['app']));

    console.log('\n— with tfjs-core (+ the CPU backend) and @tensorlens/explain/attribution —');
    const withTfjs = await step('install @tensorflow/tfjs-core + @tensorflow/tfjs-backend-cpu', async () => {
      await npm(['install', `@tensorflow/tfjs-core@${version('@tensorflow/tfjs-core')}`, `@tensorflow/tfjs-backend-cpu@${version('@tensorflow/tfjs-backend-cpu')}`], project);
      cpSync(join(root, 'test/install/app-tfjs'), project, { recursive: true });
      const html = join(project, 'index.html');
      writeFileSync(html, readFileSync(html, 'utf8').replace('</body>', '  <script type="module" src="/src/attribution.ts"></script>\n  </body>'));
    });
    if (withTfjs) {
      await steps([
        ['vite build', () => viteBuild(project)],
        ['Node: import every entry', () => nodeImports(project, true)],
        ['Node: attributions of a tiny model through @tensorlens/explain/attribution', async () => (await mustRun(process.execPath, ['attribution-node.mjs'], { cwd: project })).out.split('\n').at(-1)],
        ['tsc --noEmit', () => typecheck(project, true)],
      ]);
      await step('vite dev + Chromium: the page draws, gradients included', () => viteDev(project, ['app', 'attribution']));
    }
  }
} finally {
  if (keep) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(`\n${failures ? `✖ ${failures} step(s) failed` : '✔ install test passed'} in ${secs(t0)} s`);
process.exit(failures ? 1 : 0);
