// The example host apps of docs/examples/{react,vue,svelte}, as a user of each framework would build them:
//
// 1. typecheck: the framework's own checker (tsc, vue-tsc, svelte-check) over the app and a negative fixture
//    (test/frameworks/<framework>/): the app must have no error, and each fixture line after an
//    `expect-error: <text>` comment must fail with a message containing <text> — a misspelt attribute, a wrong
//    value, a listener of the wrong event type — and nothing else may fail;
// 2. `vite build` of the app, with no warning;
// 3. the built app in headless Chromium: the matrix's cells and the point cloud are drawn, a click on a cell
//    reaches the app's tl-select listener and selects the same rows in the point cloud, and the console has no
//    error.
//
// Needs `npm run build` first (the apps import the built @tensorlens/elements). `node scripts/test-frameworks.mjs
// [react|vue|svelte…]` runs some of them.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { findChromium, CHROMIUM_ARGS } from './chromium.mjs';
import { root } from './workspace.mjs';

const bin = (name) => join(root, 'node_modules/.bin', name);
const FRAMEWORKS = {
  react: { checker: 'tsc', command: [bin('tsc'), '-p', 'test/frameworks/react', '--pretty', 'false'], parse: parseTsc },
  vue: { checker: 'vue-tsc', command: [bin('vue-tsc'), '-p', 'test/frameworks/vue', '--noEmit', '--pretty', 'false'], parse: parseTsc },
  svelte: {
    checker: 'svelte-check',
    command: [bin('svelte-check'), '--workspace', '.', '--tsconfig', 'test/frameworks/svelte/tsconfig.json', '--output', 'machine', '--fail-on-warnings'],
    parse: parseSvelteCheck,
  },
};

/** `file(line,col): error TS1234: message` (and indented continuation lines) → [{ file, line, message }]. */
function parseTsc(output) {
  const out = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),\d+\): (?:error|warning) (TS\d+: .*)$/.exec(line);
    if (m) out.push({ file: resolve(root, m[1]), line: Number(m[2]), message: m[3] });
    else if (line.startsWith(' ') && out.length) out[out.length - 1].message += '\n' + line.trim();
    else if (line.trim()) out.push({ file: null, line: 0, message: line.trim() });
  }
  return out;
}

/** svelte-check's machine output: `<time> ERROR "file" line:col "message"` → [{ file, line, message }]. */
function parseSvelteCheck(output) {
  const out = [];
  for (const line of output.split('\n')) {
    const m = /^\d+ (ERROR|WARNING) "(.+?)" (\d+):\d+ (".*")$/.exec(line);
    if (m) out.push({ file: resolve(root, m[2]), line: Number(m[3]), message: `${m[1]}: ${JSON.parse(m[4])}` });
    else if (/^\d+ (START|COMPLETED) /.test(line) || !line.trim()) continue;
    else out.push({ file: null, line: 0, message: line.trim() });
  }
  return out;
}

function run(command, cwd = root) {
  return new Promise((done) => {
    const child = spawn(command[0], command.slice(1), { cwd, env: process.env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

/** The `expect-error: <text>` markers of a fixture: { line (the one after the marker), text }. */
function expectations(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      const m = /^\s*(?:\/\/|<!--)\s*expect-error: (.*?)\s*(?:-->)?\s*$/.exec(line);
      return m ? [{ line: i + 2, text: m[1] }] : [];
    });
}

/** Runs the checker and compares its diagnostics with the fixture's expectations; returns problems. */
async function typecheck(name) {
  const fw = FRAMEWORKS[name];
  const dir = join(root, 'test/frameworks', name);
  const fixture = ['errors.tsx', 'Errors.vue', 'Errors.svelte'].map((f) => join(dir, f)).find(existsSync);
  const expected = expectations(fixture);
  const { code, output } = await run(fw.command);
  const diagnostics = fw.parse(output);
  const problems = [];
  for (const d of diagnostics) {
    const ok = d.file === fixture && expected.some((e) => e.line === d.line && d.message.includes(e.text));
    if (!ok) problems.push(`unexpected: ${d.file ? `${relative(root, d.file)}:${d.line}` : ''} ${d.message}`);
  }
  for (const e of expected) {
    if (!diagnostics.some((d) => d.file === fixture && d.line === e.line && d.message.includes(e.text))) {
      problems.push(`${relative(root, fixture)}:${e.line} should fail with "${e.text}", but ${fw.checker} accepted it`);
    }
  }
  if (code === 0 && expected.length) problems.push(`${fw.checker} exited 0 although the fixture has errors`);
  return problems;
}

/** `vite build` of the app; returns its warnings. */
async function viteBuild(name) {
  const appRoot = join(root, 'docs/examples', name);
  const warnings = [];
  const logger = {
    hasWarned: false,
    info() {},
    warn: (msg) => warnings.push(msg),
    warnOnce: (msg) => warnings.push(msg),
    error: (msg) => warnings.push(`error: ${msg}`),
    clearScreen() {},
    hasErrorLogged: () => false,
  };
  await build({ root: appRoot, configFile: join(appRoot, 'vite.config.ts'), logLevel: 'warn', customLogger: logger, build: { reportCompressedSize: false } });
  return warnings;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.csv': 'text/csv', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** Serves a folder on a free port; resolves to { url, close }. */
function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    // Browsers ask for one; the apps have none (a 404 would be a console error).
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    let file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

/** Loads the built app; returns problems. */
async function checkInBrowser(browser, name) {
  const { url, close } = await serve(join(root, 'docs/examples', name, 'dist'));
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
  try {
    await page.goto(url);
    await page.locator('tl-point-cloud').scrollIntoViewIfNeeded();
    const drawn = await page.evaluate(async () => {
      const matrix = document.querySelector('tl-confusion-matrix');
      const cloud = document.querySelector('tl-point-cloud');
      await Promise.all([matrix.whenRendered(), cloud.whenRendered()]);
      const fills = new Set([...matrix.querySelectorAll('rect.tl-cm-cell')].map((r) => getComputedStyle(r).fill));
      // The cloud's own PNG export: points are coloured by digit, so count saturated pixels.
      const bitmap = await createImageBitmap(await cloud.pointCloud.toPNG(1));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) coloured++;
      return { cells: matrix.querySelectorAll('rect.tl-cm-cell').length, fills: fills.size, normalize: matrix.getAttribute('normalize'), points: cloud.pointCloud.count, coloured };
    });
    if (drawn.cells !== 100 || drawn.fills < 3) problems.push(`the matrix drew ${drawn.cells} cells in ${drawn.fills} colours (expected 100 cells, several colours)`);
    // Each app asks for normalize="true": as the attribute (Svelte) or the normalization property (React, Vue).
    if (drawn.normalize !== 'true') problems.push(`the matrix's normalize attribute is ${JSON.stringify(drawn.normalize)}, not "true"`);
    if (drawn.points !== 2000 || drawn.coloured < 500) problems.push(`the point cloud drew ${drawn.points} points, ${drawn.coloured} coloured pixels (expected 2000 points, ≥ 500 pixels)`);
    // A click on the cell "true 9, predicted 4" reaches the app's listener and the linked point cloud.
    await page.locator('tl-confusion-matrix rect.tl-cm-cell[data-i="9"][data-j="4"]').click();
    await page.waitForFunction(() => /^\d+ digits: true 9, predicted 4$/.test(document.querySelector('p[role=status]')?.textContent ?? ''), null, { timeout: 5000 });
    const linked = await page.evaluate(() => ({
      text: document.querySelector('p[role=status]').textContent,
      selected: document.querySelector('tl-point-cloud').selection?.toArray().length ?? -1,
    }));
    const count = Number(linked.text.split(' ')[0]);
    if (!(count > 0) || linked.selected !== count) problems.push(`after the click: "${linked.text}", and the point cloud selects ${linked.selected} rows`);
  } catch (e) {
    problems.push(String(e.message ?? e).split('\n')[0]);
  } finally {
    await page.close();
    close();
  }
  return problems;
}

/** The code blocks of docs/embedding.md marked `<!-- excerpt of <file> -->` must be in that file as written. */
function docExcerpts() {
  const doc = 'docs/embedding.md';
  const lines = readFileSync(join(root, doc), 'utf8').split('\n');
  const problems = [];
  let count = 0;
  lines.forEach((line, i) => {
    const m = /^<!-- excerpt of (\S+) -->$/.exec(line.trim());
    if (!m) return;
    const start = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    const end = lines.findIndex((l, j) => j > start && l.startsWith('```'));
    const code = lines.slice(start + 1, end).join('\n');
    count++;
    if (!existsSync(join(root, m[1]))) problems.push(`${doc}:${i + 1}: ${m[1]} does not exist`);
    else if (!readFileSync(join(root, m[1]), 'utf8').includes(code)) problems.push(`${doc}:${start + 1}: the block is not in ${m[1]} as written`);
  });
  if (count < 3) problems.push(`${doc} has ${count} excerpts of the example apps, expected one per framework`);
  return problems;
}

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(FRAMEWORKS);
  for (const n of names) if (!FRAMEWORKS[n]) throw new Error(`unknown framework ${n} (react, vue or svelte)`);
  if (!existsSync(join(root, 'packages/elements/dist/react.d.ts'))) throw new Error('packages/elements/dist has no framework typings: run npm run build first');
  const t0 = Date.now();
  const seconds = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
  const failures = [];
  const report = (label, problems, t) => {
    if (problems.length) failures.push(...problems.map((p) => `${label}: ${p}`));
    console.log(`${problems.length ? '✖' : '✔'} ${label} (${seconds(t)})${problems.map((p) => `\n    ${p}`).join('')}`);
  };
  report('docs/embedding.md: its snippets are the apps\' code', docExcerpts(), Date.now());
  // The checkers run as child processes while Vite builds here: the two cores are busy either way.
  const checks = names.map((n) => {
    const t = Date.now();
    return typecheck(n).then((problems) => report(`${n}: ${FRAMEWORKS[n].checker}`, problems, t));
  });
  for (const n of names) {
    const t = Date.now();
    report(`${n}: vite build`, (await viteBuild(n)).map((w) => `warning: ${w}`), t);
  }
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    for (const n of names) {
      const t = Date.now();
      report(`${n}: app in Chromium`, await checkInBrowser(browser, n), t);
    }
  } finally {
    await browser.close();
  }
  await Promise.all(checks);
  console.log(`${failures.length ? `${failures.length} problems` : 'frameworks: all good'} in ${seconds(t0)}`);
  process.exit(failures.length ? 1 : 0);
}

await main();
