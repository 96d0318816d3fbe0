// Fashion-MNIST for the projector stories: the binary cache written by scripts/fashion-mnist.mjs (the stories
// project writes it in its globalSetup; by hand: `node scripts/fashion-mnist.mjs`), fetched from the vite server —
// 60 000 × 784 bytes, not 155 MB of JSON. Rows are interleaved by class, so the first n rows are class-balanced.
import { FASHION_MNIST_CLASSES, loadFashionMnist, pixelsToFloat } from '../../test/support/fashion-mnist';

export { FASHION_MNIST_CLASSES };

export interface FashionMnistStoryData {
  /** Row-major [n, 784] pixel values in [0, 1]: the vectors the projector lays out. */
  embedding: { data: Float32Array; shape: [number, number] };
  /** The same images as bytes (0…255), row-major n × 28 × 28: the sprites. */
  images: Uint8Array;
  /** One class name per row (T-shirt/top, Trouser, …). */
  metadata: { label: string[] };
  n: number;
}

const cache = new Map<number, Promise<FashionMnistStoryData>>();

/** The first `n` Fashion-MNIST images (default 60 000) with their class names; loaded once per n. */
export function fashionMnist(n = 60_000): Promise<FashionMnistStoryData> {
  let p = cache.get(n);
  if (!p) {
    p = loadFashionMnist(n).then(({ images, labels }) => ({
      embedding: { data: pixelsToFloat(images), shape: [n, 784] as [number, number] },
      images,
      metadata: { label: Array.from(labels, (l) => FASHION_MNIST_CLASSES[l]) },
      n,
    }));
    p.catch(() => cache.delete(n));
    cache.set(n, p);
  }
  return p;
}
