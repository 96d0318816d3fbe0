import { describe, expect, it } from 'vitest';
import { TensorLensError } from '@tensorlens/core';
import { LoadError, fromJSON, guessFormat, loadConfusionData, parseConfusionText } from '../src/load';

const response = (body: string, init: ResponseInit & { type?: string } = {}) =>
  new Response(body, { status: init.status ?? 200, statusText: init.statusText, headers: { 'content-type': init.type ?? 'text/plain' } });

describe('reading prediction files', () => {
  it('reads a CSV of class names as string labels', () => {
    const d = parseConfusionText('y_true,y_pred\ncat,dog\ndog,dog\n', 'csv');
    expect(d.yTrue).toEqual(['cat', 'dog']);
    expect(d.yPred).toEqual(['dog', 'dog']);
  });

  it('reads a CSV of integer indices as numbers', () => {
    const d = parseConfusionText('y_true,y_pred\n0,1\n2,2\n', 'csv');
    expect(Array.from(d.yTrue as ArrayLike<number>)).toEqual([0, 2]);
    expect(Array.from(d.yPred as ArrayLike<number>)).toEqual([1, 2]);
  });

  it('accepts other common column spellings, tabs and a sample_weight column', () => {
    const d = parseConfusionText('label\tprediction\tsample_weight\na\tb\t2\nb\tb\t0.5\n', 'csv');
    expect(d.yTrue).toEqual(['a', 'b']);
    expect(Array.from(d.sampleWeight!)).toEqual([2, 0.5]);
  });

  it('names the columns it found when y_true or y_pred is missing', () => {
    let err: unknown;
    try {
      parseConfusionText('truth,guess\n1,2\n', 'csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TensorLensError);
    expect((err as Error).message).toContain('"truth"');
  });

  it('reads JSON {yTrue, yPred, classes}, {matrix, classes} and arrays of records', () => {
    expect(fromJSON({ yTrue: [0, 1], yPred: [1, 1], classes: ['a', 'b'] })).toEqual({ yTrue: Float64Array.of(0, 1), yPred: Float64Array.of(1, 1), classes: ['a', 'b'] });
    expect(fromJSON({ matrix: [[1, 2], [3, 4]], classes: ['a', 'b'] })).toEqual({ matrix: [[1, 2], [3, 4]], classes: ['a', 'b'] });
    expect(fromJSON([{ y_true: 'a', y_pred: 'b' }])).toEqual({ yTrue: ['a'], yPred: ['b'] });
    expect(() => fromJSON(42)).toThrow(TensorLensError);
    expect(() => parseConfusionText('{oops', 'json')).toThrow(/JSON/);
  });

  it('guesses the format from the extension, then the content type, then the text', () => {
    expect(guessFormat('a/b.json?x=1', 'text/plain', 'y_true')).toBe('json');
    expect(guessFormat('a/b.csv', 'application/json', '{')).toBe('csv');
    expect(guessFormat('/api/preds', 'application/json; charset=utf-8', '')).toBe('json');
    expect(guessFormat('/api/preds', '', ' [{"y_true":1}]')).toBe('json');
    expect(guessFormat('/api/preds', '', 'y_true,y_pred')).toBe('csv');
  });

  it('fetches and parses, and rejects with LoadError carrying the HTTP status', async () => {
    const ok = await loadConfusionData('/p.csv', { fetch: async () => response('y_true,y_pred\na,a\n') });
    expect(ok.yTrue).toEqual(['a']);
    const err = await loadConfusionData('/missing.csv', { fetch: async () => response('nope', { status: 404, statusText: 'Not Found' }) }).catch((e) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect(err.status).toBe(404);
    expect(err.message).toBe('Could not load /missing.csv: HTTP 404 Not Found');
    const net = await loadConfusionData('/x.csv', { fetch: async () => Promise.reject(new TypeError('Failed to fetch')) }).catch((e) => e);
    expect(net).toBeInstanceOf(LoadError);
    expect(net.status).toBeNull();
  });

  it('passes the abort signal to fetch and rethrows the AbortError', async () => {
    const controller = new AbortController();
    const seen: Array<AbortSignal | null | undefined> = [];
    const p = loadConfusionData('/slow.csv', {
      signal: controller.signal,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          seen.push(init?.signal);
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    });
    controller.abort();
    const e = await p.catch((x) => x);
    expect(seen[0]).toBe(controller.signal);
    expect(e.name).toBe('AbortError');
  });
});
