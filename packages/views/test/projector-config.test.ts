// The projector config reader: TensorBoard's projector_config.pbtxt (written by TensorBoard's own projector plugin,
// scripts/make-projector-fixture.py) and the files it names, read from disk; protobuf text syntax and its errors.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { expectError, expectRejection } from '../../../test/support';
import {
  isBinaryTensor,
  loadProjectorConfig,
  loadProjectorEmbedding,
  parseMetadataTSV,
  parseProjectorConfig,
  parseTensorBytes,
  parseTensorTSV,
  ProjectorFileError,
} from '../src/embedding-projector/config';
import { PbtxtSyntaxError, parsePbtxt } from '../src/embedding-projector/pbtxt';

// The unit project runs in jsdom, where import.meta.url is not a file URL: the fixture folder from the repository root.
const FIXTURE = resolve(process.cwd(), 'packages/views/test/fixtures/projector');
const file = (name: string) => resolve(FIXTURE, name);
const BASE = 'https://example.test/logdir/';
const expected = JSON.parse(readFileSync(file('expected.json'), 'utf8')) as {
  embeddings: Array<{
    tensorName: string;
    tensorPath: string;
    tensorShape: number[];
    metadataPath: string;
    bookmarksPath?: string;
    sprite?: { imagePath: string; singleImageDim: number[] };
    values: number[][];
    metadata: Record<string, Array<string | number>>;
  }>;
};

/** Serves the fixture folder's files at BASE (a real fetch Response of each file's bytes; 404 for others). */
const diskFetch: typeof fetch = async (input) => {
  const url = String(input);
  if (!url.startsWith(BASE)) return new Response('not found', { status: 404, statusText: 'Not Found' });
  try {
    const bytes = readFileSync(file(url.slice(BASE.length)));
    return new Response(bytes, { status: 200 });
  } catch {
    return new Response('not found', { status: 404, statusText: 'Not Found' });
  }
};

/** A fetch that serves `files` (path → text) at BASE, else the fixture. */
const withFiles = (files: Record<string, string | Uint8Array>): typeof fetch => async (input, init) => {
  const path = String(input).slice(BASE.length);
  if (path in files) return new Response(files[path] as BodyInit, { status: 200 });
  return diskFetch(input, init);
};

const close32 = (got: ArrayLike<number>, want: number[]) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (Math.fround(want[i]) !== got[i]) expect.fail(`value ${i}: ${got[i]} ≠ ${want[i]}`);
};

describe('parsePbtxt reads protobuf text format', () => {
  it('reads fields, repeated fields, nested messages in both forms, comments and separators', () => {
    const m = parsePbtxt(`# a comment
      name: "a" # trailing comment
      dims: 3 dims: 4; dims: [5, 6]
      sub { x: 1.5 y: -2e-3 flag: true }
      sub: < x: inf, y: -inf >
      kind: ENUM_VALUE
      hex: 0x1F oct: 017 f: 2.5f nan: nan`);
    expect(m.name).toEqual(['a']);
    expect(m.dims).toEqual([3, 4, 5, 6]);
    expect(m.sub).toEqual([
      { x: [1.5], y: [-0.002], flag: [true] },
      { x: [Infinity], y: [-Infinity] },
    ]);
    expect(m.kind).toEqual(['ENUM_VALUE']);
    expect([m.hex, m.oct, m.f]).toEqual([[31], [15], [2.5]]);
    expect(Number.isNaN(m.nan[0])).toBe(true);
  });

  it('decodes quoted strings with escapes, both quotes, UTF-8 octal bytes, and joins adjacent strings', () => {
    const m = parsePbtxt(String.raw`a: "tab\there \"q\" \\ \n" b: 'it\'s' c: "caf\303\251 \xe2\x82\xac \u00e9" d: "one" 'two'`);
    expect(m.a).toEqual(['tab\there "q" \\ \n']);
    expect(m.b).toEqual(["it's"]);
    expect(m.c).toEqual(['café € é']);
    expect(m.d).toEqual(['onetwo']);
  });

  it('names line and column of a syntax error', () => {
    const cases: Array<[string, number, number]> = [
      ['embeddings {\n  tensor_name "x"\n}', 2, 15], // no ':' before a scalar
      ['embeddings {\n  tensor_name: "x"\n', 3, 1], // unclosed message
      ['a: "unterminated\nb: 1', 1, 4],
      ['a: 1\n  b: }', 2, 6],
      ['a: "bad \\q escape"', 1, 9],
      ['a: 1\n@', 2, 1],
    ];
    for (const [text, line, column] of cases) {
      let error: unknown;
      try {
        parsePbtxt(text, 'cfg.pbtxt');
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(PbtxtSyntaxError);
      expect(error).toBeInstanceOf(TensorLensError);
      const e = error as PbtxtSyntaxError;
      expect([e.code, e.argument, e.line, e.column], text).toEqual(['parse', 'cfg.pbtxt', line, column]);
      expect(e.message).toContain(`line ${line}:${column}`);
    }
  });

  it('evaluates nothing: code-like text stays a string or is a syntax error', () => {
    expect(parsePbtxt('a: "${globalThis.x = 1}"').a).toEqual(['${globalThis.x = 1}']);
    expect((globalThis as { x?: unknown }).x).toBeUndefined();
    expectError(() => parsePbtxt('a: (1 + 2)'), 'parse', 'pbtxt');
  });
});

describe('parseProjectorConfig', () => {
  it('reads the pbtxt TensorBoard wrote: both embeddings, every field', () => {
    const text = readFileSync(file('projector_config.pbtxt'), 'utf8');
    const cfg = parseProjectorConfig(text, { baseUrl: BASE });
    expect(cfg.baseUrl).toBe(BASE);
    expect(cfg.embeddings).toHaveLength(2);
    const [a, b] = expected.embeddings;
    expect(cfg.embeddings[0]).toEqual({
      tensorName: a.tensorName,
      tensorShape: a.tensorShape,
      tensorPath: a.tensorPath,
      metadataPath: a.metadataPath,
      bookmarksPath: a.bookmarksPath,
      sprite: { imagePath: a.sprite!.imagePath, singleImageDim: a.sprite!.singleImageDim },
    });
    expect(cfg.embeddings[1]).toEqual({
      tensorName: b.tensorName,
      tensorShape: b.tensorShape,
      tensorPath: b.tensorPath,
      metadataPath: b.metadataPath,
      bookmarksPath: null,
      sprite: null,
    });
  });

  it("reads the standalone projector's JSON config", () => {
    const cfg = parseProjectorConfig(
      JSON.stringify({ embeddings: [{ tensorName: 'w', tensorShape: [4, 2], tensorPath: 'w.bytes', sprite: { imagePath: 's.png', singleImageDim: [8, 8] } }] }),
    );
    expect(cfg.embeddings[0]).toMatchObject({ tensorName: 'w', tensorShape: [4, 2], tensorPath: 'w.bytes', sprite: { imagePath: 's.png', singleImageDim: [8, 8] } });
  });

  it('names unnamed embeddings, ignores unknown fields, and checks the kinds of known ones', () => {
    const cfg = parseProjectorConfig('model_checkpoint_path: "ck" embeddings { tensor_path: "a.tsv" future_field: 3 } embeddings { tensor_path: "b.tsv" }');
    expect(cfg.embeddings.map((e) => e.tensorName)).toEqual(['Embedding 1', 'Embedding 2']);
    expect(cfg.modelCheckpointPath).toBe('ck');
    expectError(() => parseProjectorConfig('embeddings { tensor_shape: "100" }'), 'type', 'config.embeddings[0].tensor_shape[0]');
    expectError(() => parseProjectorConfig('embeddings { tensor_shape: 1 tensor_shape: 2 tensor_shape: 3 }'), 'shape', 'config.embeddings[0].tensor_shape');
    expectError(() => parseProjectorConfig('embeddings { sprite { image_path: "s.png" } }'), 'shape', 'config.embeddings[0].sprite.single_image_dim');
    expectError(() => parseProjectorConfig('# nothing'), 'empty', 'config.embeddings');
    expectError(() => parseProjectorConfig('embeddings: 3'), 'type', 'config.embeddings[0]');
  });
});

describe('the tensor and metadata files', () => {
  it('reads a tensor TSV exactly as written (plain decimals, exponents, nan/inf, CRLF, blank lines)', () => {
    const m = parseTensorTSV('1\t-2.5\t0.0001\r\n\n3e2\t-0\t1.25E-3\nnan\tinf\t-inf\n');
    expect(m.shape).toEqual([3, 3]);
    expect(Array.from(m.data.subarray(0, 6))).toEqual([1, -2.5, Math.fround(0.0001), 300, -0, Math.fround(0.00125)]);
    expect(Number.isNaN(m.data[6])).toBe(true);
    expect([m.data[7], m.data[8]]).toEqual([Infinity, -Infinity]);
    const e = expectError(() => parseTensorTSV('1\t2\n3\tx\n', 't.tsv'), 'parse', 't.tsv');
    expect(e.message).toContain('line 2, column 2');
    expectError(() => parseTensorTSV('1\t2\n3\n', 't.tsv'), 'shape', 't.tsv');
    expectError(() => parseTensorTSV('\n\n', 't.tsv'), 'empty', 't.tsv');
  });

  it('reads float32 bytes by tensor_shape, and tells them from TSV', () => {
    const v = Float32Array.of(1.5, -2, 3.25, 0);
    const bytes = new Uint8Array(v.buffer);
    expect(Array.from(parseTensorBytes(bytes, [2, 2]).data)).toEqual([1.5, -2, 3.25, 0]);
    expectError(() => parseTensorBytes(bytes, [3, 2], 'w.bytes'), 'shape', 'w.bytes');
    expect(isBinaryTensor('x/w.bytes', bytes, null)).toBe(true);
    expect(isBinaryTensor('x/w.tsv', bytes, [2, 2])).toBe(false);
    expect(isBinaryTensor('x/w', bytes, [2, 2])).toBe(true);
    expect(isBinaryTensor('x/w', new TextEncoder().encode('1.5\t2.\n3\t4e1\n'), [2, 2])).toBe(false);
  });

  it("uses TensorBoard's header rule: a header with several columns, none with one", () => {
    const multi = parseMetadataTSV('label\tscore\ncat\t0.5\ndog\t\n');
    expect(multi.names).toEqual(['label', 'score']);
    expect(Array.from(multi.columns.label as ArrayLike<unknown>)).toEqual(['cat', 'dog']);
    expect(Array.from(multi.columns.score as Float64Array)).toEqual([0.5, NaN]);
    const single = parseMetadataTSV('name\ncat\ndog\n');
    expect(single.names).toEqual(['label']);
    expect(Array.from(single.columns.label as ArrayLike<unknown>)).toEqual(['name', 'cat', 'dog']);
    const e = expectError(() => parseMetadataTSV('a\tb\n1\t2\n', { name: 'm.tsv', rows: 3 }), 'length', 'm.tsv');
    expect(e.expected).toContain('3 rows');
  });

  it('parses a 60 000 × 64 TSV faster than splitting it and calling Number on each value', () => {
    // 1000 distinct seeded rows, repeated 60 times (building 3.8 M strings one by one would dominate the test).
    const d = 64;
    const block: string[] = [];
    let x = 1;
    for (let i = 0; i < 1000; i++) {
      const row: string[] = [];
      for (let j = 0; j < d; j++) {
        x = (x * 16807) % 2147483647;
        row.push(((x / 2147483647) * 2 - 1).toFixed(5));
      }
      block.push(row.join('\t'));
    }
    const text = (block.join('\n') + '\n').repeat(60);
    const bytes = new TextEncoder().encode(text);
    const rows = 60000;
    // The peer, timed in the same process right after: what a straightforward reader does.
    const time = (fn: () => void) => {
      const t0 = performance.now();
      fn();
      return performance.now() - t0;
    };
    let m = parseTensorTSV(bytes.subarray(0, bytes.lastIndexOf(10, 1 << 16) + 1)); // warm up on whole lines
    const ours = time(() => (m = parseTensorTSV(bytes)));
    const peer = time(() => {
      const out = new Float32Array(rows * d);
      let k = 0;
      for (const line of new TextDecoder().decode(bytes).split('\n')) if (line) for (const cell of line.split('\t')) out[k++] = Number(cell);
    });
    console.log(`parseTensorTSV: ${rows} × ${d} in ${ours.toFixed(0)} ms; split + Number: ${peer.toFixed(0)} ms`);
    expect(m.shape).toEqual([rows, d]);
    const last = block[999].split('\t');
    expect(m.data[rows * d - 1]).toBe(Math.fround(Number(last[d - 1])));
    expect(m.data[d]).toBe(Math.fround(Number(block[1].split('\t')[0])));
    expect(ours).toBeLessThan(peer);
  });
});

describe('loadProjectorConfig and loadProjectorEmbedding', () => {
  it('load both embeddings of the fixture: values and metadata equal what the Python script wrote', async () => {
    const cfg = await loadProjectorConfig(`${BASE}projector_config.pbtxt`, { fetch: diskFetch });
    expect(cfg.baseUrl).toBe(`${BASE}projector_config.pbtxt`);
    for (let k = 0; k < 2; k++) {
      const want = expected.embeddings[k];
      const got = await loadProjectorEmbedding(cfg, k, { fetch: diskFetch, sprite: false });
      expect(got.info.tensorName).toBe(want.tensorName);
      expect(got.embedding.shape).toEqual(want.tensorShape);
      close32(got.embedding.data, want.values.flat());
      expect(got.metadata!.names).toEqual(Object.keys(want.metadata));
      for (const [name, values] of Object.entries(want.metadata)) expect(Array.from(got.metadata!.columns[name] as ArrayLike<unknown>)).toEqual(values);
    }
  });

  it("reads the first embedding's TensorBoard bookmarks through bookmarks_path", async () => {
    const cfg = await loadProjectorConfig(`${BASE}projector_config.pbtxt`, { fetch: diskFetch });
    const got = await loadProjectorEmbedding(cfg, 'digits/pooled', { fetch: diskFetch, sprite: false });
    expect(got.bookmarks!.map((b) => b.label)).toEqual(['A three, by label', 'Sevens in t-SNE 3D']);
    expect(got.bookmarks![0]).toMatchObject({ embedding: 'digits/pooled', state: { method: 'pca', dims: 2, selection: [31], color: 'label' } });
    expect(got.bookmarks![1].state).toMatchObject({ method: 'tsne', dims: 3, tsne: { perplexity: 12, learningRate: 10, iterations: 250 }, label: 'index' });
    expect(got.bookmarks![1].state.selection).toEqual(expected.embeddings[0].metadata.label.flatMap((l, i) => (l === 7 ? [i] : [])));
  });

  it('resolves paths against the config URL, or baseUrl', async () => {
    const seen: string[] = [];
    const f: typeof fetch = (input, init) => {
      seen.push(String(input));
      return diskFetch(input, init);
    };
    const text = readFileSync(file('projector_config.pbtxt'), 'utf8');
    const cfg = parseProjectorConfig(text, { baseUrl: BASE });
    await loadProjectorEmbedding(cfg, 1, { fetch: f });
    expect(seen.sort()).toEqual([`${BASE}random-metadata.tsv`, `${BASE}random.bytes`]);
  });

  it('name the file in typed errors: missing file, shape and row-count mismatches, checkpoint tensors', async () => {
    const cfg = (pbtxt: string) => parseProjectorConfig(pbtxt, { baseUrl: BASE });
    const missing = await expectRejection(loadProjectorEmbedding(cfg('embeddings { tensor_name: "m" tensor_path: "nope.tsv" }'), 0, { fetch: diskFetch }), 'type', "embedding 'm'.tensor_path");
    expect(missing).toBeInstanceOf(ProjectorFileError);
    expect((missing as ProjectorFileError).status).toBe(404);
    expect(missing.message).toContain(`${BASE}nope.tsv`);
    await expectRejection(
      loadProjectorEmbedding(cfg('embeddings { tensor_path: "pooled.tsv" tensor_shape: [99, 49] }'), 0, { fetch: diskFetch }),
      'shape',
      `${BASE}pooled.tsv`,
    );
    const rows = await expectRejection(
      loadProjectorEmbedding(cfg('embeddings { tensor_path: "pooled.tsv" metadata_path: "short.tsv" }'), 0, { fetch: withFiles({ 'short.tsv': 'a\tb\n1\t2\n' }) }),
      'length',
      `${BASE}short.tsv`,
    );
    expect(rows.message).toContain('100 rows');
    await expectRejection(loadProjectorEmbedding(cfg('embeddings { tensor_name: "ck" }'), 0, { fetch: diskFetch }), 'type', "embedding 'ck'.tensor_path");
    await expectRejection(loadProjectorConfig(`${BASE}missing.pbtxt`, { fetch: diskFetch }), 'type', 'config');
    await expectRejection(loadProjectorConfig(`${BASE}bad.pbtxt`, { fetch: withFiles({ 'bad.pbtxt': 'embeddings {\n  tensor_name: "x"\n  tensor_path "y"\n}' }) }), 'parse', `${BASE}bad.pbtxt`);
    await expectRejection(loadProjectorEmbedding(cfg('embeddings { tensor_path: "a.tsv" }'), 'other', { fetch: diskFetch }), 'range', 'embedding');
  });
});
