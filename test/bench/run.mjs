// `npm run bench`: builds the benchmark pages with esbuild, serves them on 127.0.0.1, runs them in
// headless Chromium (SwiftShader WebGL) and prints one JSON line per figure:
// {"bench":"...","n":...,"ours_ms":...,"peer":"...","peer_ms":...,"ratio":...}
// Usage: npm run bench [-- <filter>]   e.g. npm run bench -- confusion
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { sourceAliases } from '../../scripts/workspace.mjs';
import { inlineWorkersEsbuild } from '../../scripts/rollup-inline-worker.mjs';
import { ensureFashionMnist, FASHION_MNIST_FILES, FASHION_MNIST_URLS } from '../../scripts/fashion-mnist.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '.out');
mkdirSync(out, { recursive: true });
const filter = process.argv[2] ?? '';
const suites = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && f.includes(filter));
if (!suites.length) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}

// The Fashion-MNIST cache (scripts/fashion-mnist.mjs), served at the same paths as vite serves it to the tests.
ensureFashionMnist({ log: console.error });
const dataFiles = new Map([
  [FASHION_MNIST_URLS.images, FASHION_MNIST_FILES.images],
  [FASHION_MNIST_URLS.labels, FASHION_MNIST_FILES.labels],
]);

await build({
  entryPoints: suites.map((s) => join(here, s)),
  outdir: out,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true, // as users ship it
  sourcemap: false,
  logLevel: 'warning',
  alias: sourceAliases(),
  plugins: [inlineWorkersEsbuild()],
});

const html = (script) =>
  `<!doctype html><meta charset="utf-8"><style>body{margin:0;font:12px sans-serif}#stage{width:800px;height:600px}</style><div id="stage"></div><script type="module" src="/${script}"></script>`;
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
  if (dataFiles.has(url.pathname)) {
    res.setHeader('content-type', 'application/octet-stream');
    return res.end(readFileSync(dataFiles.get(url.pathname)));
  }
  if (url.pathname.endsWith('.html')) {
    res.setHeader('content-type', 'text/html');
    return res.end(html(url.pathname.slice(1).replace(/\.html$/, '.js')));
  }
  try {
    const body = readFileSync(join(out, url.pathname.slice(1)));
    res.setHeader('content-type', 'text/javascript');
    res.end(body);
  } catch {
    res.statusCode = 404;
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

// Peers that run outside the browser, in the same run, just before their suite's page: what the script prints
// (one JSON object) reaches the page as window.__peer(); when it cannot run, the page gets { error } and its rows
// say peer: null with that reason. BENCH_SIZES (comma-separated row counts) narrows the suites that read it.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_')));
const peerScripts = {
  'projections.bench.ts': () => {
    const sizes = (env.BENCH_SIZES ?? '2000,10000,60000').split(',').filter((n) => Number(n) <= 70_000);
    return ['python3', [join(here, '../../scripts/bench-sklearn-projections.py'), '--sizes', sizes.join(','), '--out', join(out, 'sklearn-projections.json')]];
  },
};
function runPeer(suite) {
  const [cmd, args] = peerScripts[suite]();
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => {
      stderr += b;
      process.stderr.write(b);
    });
    child.on('error', (e) => resolve({ error: `${cmd} could not start: ${e.message}` }));
    child.on('close', (code) => {
      if (code !== 0) return resolve({ error: `${cmd} ${args[0].split('/').pop()} exited with ${code}: ${stderr.trim().split('\n').pop()}` });
      try {
        resolve(JSON.parse(stdout));
      } catch (e) {
        resolve({ error: `${args[0].split('/').pop()} printed no JSON: ${e.message}` });
      }
    });
  });
}

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
let failed = false;
try {
  for (const suite of suites) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.on('pageerror', (e) => {
      failed = true;
      console.error(`${suite}: ${e.message}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`${suite}: ${m.text()}`);
    });
    // Each suite exposes window.__bench(emit) and calls emit(record) per figure.
    await page.exposeFunction('__emit', (rec) => console.log(JSON.stringify(rec)));
    await page.exposeFunction('__benchEnv', () => env);
    if (peerScripts[suite]) {
      const peer = await runPeer(suite);
      await page.exposeFunction('__peer', () => peer);
    }
    await page.goto(`http://127.0.0.1:${port}/${suite.replace(/\.ts$/, '.html')}`);
    await page.waitForFunction(() => window.__benchDone !== undefined, null, { timeout: 30 * 60_000, polling: 200 });
    const err = await page.evaluate(() => window.__benchDone);
    if (err !== true) {
      failed = true;
      console.error(`${suite}: ${err}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
