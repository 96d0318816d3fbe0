// Fashion-MNIST in a page served by vite (vitest browser, Storybook dev): the binary cache written by
// scripts/fashion-mnist.mjs (`npm test`'s browser project writes it in its globalSetup; by hand:
// `node scripts/fashion-mnist.mjs`). Rows are interleaved by class, so the first N rows are class-balanced.
// In Node, use scripts/fashion-mnist.mjs's `loadFashionMnist(n)` instead.

/** Pixels per image (28 × 28). */
export const FASHION_MNIST_PIXELS = 784;
/** Rows in the cache. */
export const FASHION_MNIST_ROWS = 70_000;
/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
/** Where the vite server (root = the repository) serves the cache. */
export const FASHION_MNIST_URLS = {
  images: '/node_modules/.cache/tensorlens/fashion-mnist-images.u8',
  labels: '/node_modules/.cache/tensorlens/fashion-mnist-labels.u8',
};

export interface FashionMnist {
  /** n × 784 pixel values 0…255, row-major. */
  images: Uint8Array;
  /** n class labels 0…9 (FASHION_MNIST_CLASSES). */
  labels: Uint8Array;
  n: number;
  d: number;
}

async function bytes(url: string, length: number): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fashion-mnist: GET ${url} answered ${res.status}; write the cache with \`node scripts/fashion-mnist.mjs\``);
  const buf = new Uint8Array(await res.arrayBuffer());
  if (buf.length < length) throw new Error(`fashion-mnist: ${url} holds ${buf.length} bytes, expected at least ${length}`);
  return buf.length === length ? buf : buf.slice(0, length);
}

/** The first `n` rows (default 70 000) of the cache, fetched from the vite server (`base` prefixes the URLs). */
export async function loadFashionMnist(n = FASHION_MNIST_ROWS, base = ''): Promise<FashionMnist> {
  if (!Number.isInteger(n) || n < 1 || n > FASHION_MNIST_ROWS) throw new RangeError(`loadFashionMnist: n must be an integer in [1, ${FASHION_MNIST_ROWS}], got ${n}`);
  const [images, labels] = await Promise.all([bytes(base + FASHION_MNIST_URLS.images, n * FASHION_MNIST_PIXELS), bytes(base + FASHION_MNIST_URLS.labels, n)]);
  return { images, labels, n, d: FASHION_MNIST_PIXELS };
}

/** Pixels as floats in [0, 1] (what the projections take). */
export function pixelsToFloat(images: Uint8Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = images[i] / 255;
  return out;
}
