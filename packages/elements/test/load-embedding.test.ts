import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { TensorLensError } from '@tensorlens/core';
import { LoadError } from '../src/load';
import {
  decodeBase64Float32,
  guessEmbeddingFormat,
  isArrowBytes,
  loadEmbedding,
  parseEmbedding,
  parseMetadataTSV,
  parsePointTable,
  parseTensorTSV,
  setArrowReader,
  splitTable,
  type ArrowReader,
} from '../src/load-embedding';

const fixture = (name: string) => readFileSync(resolve(__dirname, 'fixtures', name), 'utf8');
const tensorsTSV = fixture('embedding-tensors.tsv');
const metadataTSV = fixture('embedding-metadata.tsv');

/** An independent reading of a TSV matrix: split lines and tabs, parse each cell. */
function reference(text: string): number[][] {
  return text
    .trim()
    .split('\n')
    .map((l) => l.split('\t').map(Number));
}

function caught(fn: () => unknown): TensorLensError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TensorLensError);
    return e as TensorLensError;
  }
  throw new Error('expected a TensorLensError');
}

/** A fetch that serves the given bodies by URL, 404 otherwise. */
function fakeFetch(files: Record<string, string | Uint8Array>, type = 'text/plain'): typeof fetch {
  return (async (url: string, init?: RequestInit) => {
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const body = files[String(url)];
    if (body === undefined) return new Response('not here', { status: 404, statusText: 'Not Found' });
    return new Response(body as BodyInit, { status: 200, headers: { 'content-type': type } });
  }) as typeof fetch;
}

describe('the Embedding Projector tensor TSV', () => {
  it('reads one row per vector into a Float32 [N, D] matrix equal to a plain split-and-parse', () => {
    const m = parseTensorTSV(tensorsTSV);
    const ref = reference(tensorsTSV);
    expect(m.shape).toEqual([24, 5]);
    expect(m.data).toBeInstanceOf(Float32Array);
    expect(Array.from(m.data)).toEqual(ref.flat().map((v) => Math.fround(v)));
  });

  it('accepts CRLF line ends, a byte-order mark and blank trailing lines', () => {
    const m = parseTensorTSV('\ufeff1\t2\r\n3\t4\r\n\r\n\n');
    expect(m.shape).toEqual([2, 2]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
  });

  it("rejects ragged rows with a 'shape' error naming the line", () => {
    const e = caught(() => parseTensorTSV(fixture('embedding-ragged.tsv')));
    expect(e.code).toBe('shape');
    expect(e.argument).toBe('src');
    expect(e.message).toContain('line 4');
    expect(e.message).toContain('5 values');
  });

  it("rejects a cell that is not a number with a 'parse' error naming line and column", () => {
    const e = caught(() => parseTensorTSV('1\t2\n3\tx\n'));
    expect(e.code).toBe('parse');
    expect(e.message).toMatch(/line 2, column 2/);
    expect(e.message).toContain('"x"');
    expect(caught(() => parseTensorTSV('\n \n')).code).toBe('empty');
    expect(caught(() => parseTensorTSV(42 as unknown as string)).code).toBe('type');
  });
});

describe('the Embedding Projector metadata TSV', () => {
  it('reads a header row and typed columns when there are several columns', () => {
    const t = parseMetadataTSV(metadataTSV, { rows: 24 });
    expect(t.names).toEqual(['name', 'group', 'index']);
    expect(t.length).toBe(24);
    expect(t.columns.group.slice(0, 4)).toEqual(['alpha', 'beta', 'gamma', 'alpha']);
    expect(t.columns.index).toBeInstanceOf(Float64Array);
    expect(t.columns.index[23]).toBe(23);
  });

  it('reads a single column without a header (the Projector writes none) as "label"', () => {
    const t = parseMetadataTSV(fixture('embedding-labels.tsv'), { rows: 24 });
    expect(t.names).toEqual(['label']);
    expect(t.length).toBe(24);
    expect(t.columns.label[0]).toBe('alpha');
  });

  it('reads a single column with a header when there is one line more than vectors', () => {
    const t = parseMetadataTSV('digit\n3\n5\n', { rows: 2 });
    expect(t.names).toEqual(['digit']);
    expect(Array.from(t.columns.digit as Float64Array)).toEqual([3, 5]);
    // Without the row count, a single column has no header.
    expect(parseMetadataTSV('digit\n3\n5\n').length).toBe(3);
  });

  it("rejects a line with another number of cells ('shape', naming the line) and a row count that differs from the vectors ('length')", () => {
    const e = caught(() => parseMetadataTSV('a\tb\n1\t2\n3\n'));
    expect(e.code).toBe('shape');
    expect(e.message).toContain('line 3');
    const l = caught(() => parseMetadataTSV(metadataTSV, { rows: 10 }));
    expect(l.code).toBe('length');
    expect(l.argument).toBe('metadata-src');
  });
});

describe('CSV, JSON and Arrow embeddings', () => {
  const ref = reference(tensorsTSV);

  it('takes the numeric columns of a CSV as the vectors and the rest as metadata', () => {
    const s = parseEmbedding(fixture('embedding-table.csv'), 'csv', { metadataFields: ['index'] });
    expect(s.format).toBe('csv');
    expect(s.embedding.shape).toEqual([24, 5]);
    expect(Array.from(s.embedding.data)).toEqual(ref.flat().map(Math.fround));
    expect(s.metadata!.names).toEqual(['name', 'group', 'index']);
    // `fields` picks the components explicitly.
    const two = parseEmbedding(fixture('embedding-table.csv'), 'csv', { fields: ['e0', 'e1'] });
    expect(two.embedding.shape).toEqual([24, 2]);
    expect(two.embedding.data[2 * 2 + 1]).toBe(Math.fround(ref[2][1]));
    expect(caught(() => parseEmbedding('a,b\nx,y\n', 'csv')).code).toBe('empty');
    expect(caught(() => parseEmbedding(fixture('embedding-table.csv'), 'csv', { fields: ['nope'] })).code).toBe('option');
  });

  it('reads JSON {embedding, metadata}, number[][] and {shape, data} with base64 Float32', () => {
    const s = parseEmbedding(fixture('embedding.json'), 'json');
    expect(s.embedding.shape).toEqual([24, 5]);
    expect(Array.from(s.embedding.data)).toEqual(ref.flat().map(Math.fround));
    expect(s.metadata!.columns.group[1]).toBe('beta');

    expect(parseEmbedding('[[1,2,3],[4,5,6]]', 'json').embedding.shape).toEqual([2, 3]);
    const f = Float32Array.of(1.5, -2, 0.25, 1e-3);
    const b64 = btoa(String.fromCharCode(...new Uint8Array(f.buffer)));
    const packed = parseEmbedding(JSON.stringify({ shape: [2, 2], data: b64, metadata: { label: ['a', 'b'] } }), 'json');
    expect(Array.from(packed.embedding.data)).toEqual(Array.from(f));
    expect(packed.metadata!.columns.label).toEqual(['a', 'b']);
    expect(Array.from(decodeBase64Float32(b64))).toEqual(Array.from(f));
  });

  it('names the bad row of a ragged JSON matrix and the bad JSON text', () => {
    const e = caught(() => parseEmbedding('[[1,2],[3]]', 'json'));
    expect(e.code).toBe('shape');
    expect(e.message).toContain('row 1');
    expect(caught(() => parseEmbedding('{"shape":[2,2],"data":[1,2,3]}', 'json')).code).toBe('shape');
    expect(caught(() => parseEmbedding('{oops', 'json')).code).toBe('parse');
  });

  it('reads Arrow IPC only once a reader is registered, and says how otherwise', () => {
    const table = tableFromArrays({ e0: Float32Array.of(1, 2, 3), e1: Float32Array.of(4, 5, 6), label: ['a', 'b', 'c'] });
    const bytes = tableToIPC(table, 'file');
    expect(isArrowBytes(bytes)).toBe(true);
    setArrowReader(null);
    const e = caught(() => parseEmbedding(bytes, 'arrow'));
    expect(e.message).toMatch(/setArrowReader\(tableFromIPC\)/);
    setArrowReader(tableFromIPC as unknown as ArrowReader);
    try {
      const s = parseEmbedding(bytes, 'arrow');
      expect(s.embedding.shape).toEqual([3, 2]);
      expect(Array.from(s.embedding.data)).toEqual([1, 4, 2, 5, 3, 6]);
      expect(s.metadata!.columns.label).toEqual(['a', 'b', 'c']);
      expect(parsePointTable(tableToIPC(table, 'stream'), 'arrow').names).toEqual(['e0', 'e1', 'label']);
    } finally {
      setArrowReader(null);
    }
    expect(caught(() => setArrowReader('x' as unknown as ArrowReader)).code).toBe('type');
  });

  it('splits a column table without copying metadata columns', () => {
    const label = ['u', 'v'];
    const s = splitTable({ length: 2, names: ['x', 'label'], columns: { x: Float64Array.of(1, 2), label } });
    expect(s.metadata!.columns.label).toBe(label);
  });
});

describe('guessing formats and loading URLs', () => {
  it('guesses from the extension, the content type, then the first bytes', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(guessEmbeddingFormat('/a/tensors.tsv', 'text/plain', enc('1,2'))).toBe('tsv');
    expect(guessEmbeddingFormat('/a/e.arrow', '', enc(''))).toBe('arrow');
    expect(guessEmbeddingFormat('/api', 'application/json', enc('1'))).toBe('json');
    expect(guessEmbeddingFormat('/api', '', enc('  [1]'))).toBe('json');
    expect(guessEmbeddingFormat('/api', '', enc('1\t2\n'))).toBe('tsv');
    expect(guessEmbeddingFormat('/api', '', enc('1,2\n'))).toBe('csv');
    expect(guessEmbeddingFormat('/api', '', enc('ARROW1\0\0'))).toBe('arrow');
  });

  it('loads the Projector pair with a metadata URL', async () => {
    const f = fakeFetch({ '/t.tsv': tensorsTSV, '/m.tsv': metadataTSV });
    const s = await loadEmbedding('/t.tsv', { metadataUrl: '/m.tsv', fetch: f });
    expect(s.format).toBe('tsv');
    expect(s.embedding.shape).toEqual([24, 5]);
    expect(s.metadata!.columns.name[5]).toBe('p5');
  });

  it('rejects a 404 with LoadError carrying the status, and a metadata file of the wrong length', async () => {
    const f = fakeFetch({ '/t.tsv': tensorsTSV, '/short.tsv': 'a\tb\n1\t2\n' });
    const e = await loadEmbedding('/missing.tsv', { fetch: f }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LoadError);
    expect((e as LoadError).status).toBe(404);
    expect((e as Error).message).toContain('/missing.tsv');
    const m = await loadEmbedding('/t.tsv', { metadataUrl: '/nope.tsv', fetch: f }).catch((x: unknown) => x);
    expect((m as LoadError).status).toBe(404);
    const l = await loadEmbedding('/t.tsv', { metadataUrl: '/short.tsv', fetch: f }).catch((x: unknown) => x);
    expect((l as TensorLensError).code).toBe('length');
  });

  it('passes an abort through as AbortError', async () => {
    const c = new AbortController();
    c.abort();
    const e = await loadEmbedding('/t.tsv', { fetch: fakeFetch({ '/t.tsv': tensorsTSV }), signal: c.signal }).catch((x: unknown) => x);
    expect((e as Error).name).toBe('AbortError');
  });

  it('reads a point table from a tensor TSV (columns x, y, z), a headed TSV, CSV and JSON', () => {
    const t = parsePointTable('1\t2\t3\n4\t5\t6\n', 'tsv');
    expect(t.names).toEqual(['x', 'y', 'z']);
    expect(Array.from(t.columns.y as Float32Array)).toEqual([2, 5]);
    expect(parsePointTable('px\tpy\n1\t2\n', 'tsv').names).toEqual(['px', 'py']);
    expect(parsePointTable('x,y,label\n1,2,a\n', 'csv').columns.label).toEqual(['a']);
    expect(parsePointTable('[{"x":1,"y":2}]', 'json').length).toBe(1);
    expect(parsePointTable('{"x":[1,2],"y":[3,4]}', 'json').length).toBe(2);
  });
});
