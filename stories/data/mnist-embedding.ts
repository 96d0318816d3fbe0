// The MNIST CNN embedding written by scripts/make-mnist-embedding.mjs, decoded for the stories (bundled, nothing fetched).
import { decodeBase64Float32 } from '@tensorlens/elements';
import embeddingJson from './mnist-embedding.json';
import pixelsJson from './mnist-embedding.pixels.json';

export interface MnistEmbedding {
  /** Row-major [n, dims] penultimate-layer activations, row i = test digit i of mnist-predictions.json. */
  embedding: { data: Float32Array; shape: [number, number] };
  metadata: { label: string[]; predicted: string[]; correct: string[]; cnn_predicted: string[] };
  model: { name: string; testAccuracy: number };
  description: string;
}

let cache: MnistEmbedding | null = null;

/** The 2000 × 64 CNN embedding with its metadata (true label, the MLP's prediction, correct yes/no, the CNN's prediction). */
export function mnistEmbedding(): MnistEmbedding {
  if (cache) return cache;
  const j = embeddingJson as { n: number; dims: number; data: string; label: number[]; predicted: number[]; cnnPredicted: number[]; model: { name: string; testAccuracy: number }; description: string };
  const data = decodeBase64Float32(j.data, 'mnist-embedding.json');
  cache = {
    embedding: { data, shape: [j.n, j.dims] },
    metadata: {
      label: j.label.map(String),
      predicted: j.predicted.map(String),
      correct: j.label.map((t, i) => (t === j.predicted[i] ? 'yes' : 'no')),
      cnn_predicted: j.cnnPredicted.map(String),
    },
    model: j.model,
    description: j.description,
  };
  return cache;
}

/** Raw pixels (0…1) of the first 500 test digits, [500, 784], and their labels. */
export function mnistPixels(): { embedding: { data: Float32Array; shape: [number, number] }; metadata: { label: string[]; predicted: string[] } } {
  const j = pixelsJson as { n: number; data: string; label: number[]; predicted: number[] };
  const bin = atob(j.data);
  const data = new Float32Array(bin.length);
  for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i) / 255;
  return { embedding: { data, shape: [j.n, 784] }, metadata: { label: j.label.map(String), predicted: j.predicted.map(String) } };
}
