import { describe, it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { toNDArray, toNDArraySync, toLabels, isTensorLike, isTypedArray, assertFinite, TensorLensError } from '../src/index';
import { expectError, expectRejection } from '../../../test/support';

await tf.setBackend('cpu');

describe('toNDArraySync(input, options)', () => {
  it('returns a TypedArray as it is, without copying, with shape [length]', () => {
    const a = new Float32Array([1, 2, 3]);
    const r = toNDArraySync(a, { name: 'x' });
    expect(r.data).toBe(a);
    expect(r.shape).toEqual([3]);
  });

  it('reads {data, shape} without copying a TypedArray', () => {
    const a = new Int32Array(6).fill(1);
    const r = toNDArraySync({ data: a, shape: [2, 3] }, { name: 'x', rank: 2 });
    expect(r.data).toBe(a);
    expect(r.shape).toEqual([2, 3]);
  });

  it('flattens nested arrays row-major into a Float64Array', () => {
    const r = toNDArraySync(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { name: 'x' },
    );
    expect(r.data).toBeInstanceOf(Float64Array);
    expect([...r.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.shape).toEqual([2, 3]);
    const r3 = toNDArraySync([[[1], [2]], [[3], [4]]], { name: 'x' });
    expect(r3.shape).toEqual([2, 2, 1]);
  });

  it('copies plain array-likes and {data: number[], shape} into a Float64Array', () => {
    expect([...toNDArraySync({ length: 2, 0: 7, 1: 8 }, { name: 'x' }).data]).toEqual([7, 8]);
    const r = toNDArraySync({ data: [1, 2, 3, 4], shape: [2, 2] }, { name: 'x' });
    expect(r.data).toBeInstanceOf(Float64Array);
    expect(r.shape).toEqual([2, 2]);
  });

  it('accepts a shape pattern where -1 means any size', () => {
    expect(toNDArraySync({ data: new Float32Array(6), shape: [3, 2] }, { name: 'x', shape: [-1, 2] }).shape).toEqual([3, 2]);
  });

  it("throws 'shape' for ragged nested arrays", () => {
    expectError(() => toNDArraySync([[1, 2], [3]], { name: 'x' }), 'shape', 'x');
    expectError(() => toNDArraySync([[1, 2], 3], { name: 'x' }), 'shape', 'x');
    expectError(() => toNDArraySync([[1], [2, 3]], { name: 'x' }), 'shape', 'x');
  });

  it("throws 'shape' when data do not fill the shape, or the rank or shape is wrong", () => {
    expectError(() => toNDArraySync({ data: new Float32Array(5), shape: [2, 3] }, { name: 'probs' }), 'shape', 'probs');
    expectError(() => toNDArraySync(new Float32Array(4), { name: 'x', rank: 2 }), 'shape', 'x');
    expectError(() => toNDArraySync({ data: new Float32Array(6), shape: [2, 3] }, { name: 'x', shape: [-1, 2] }), 'shape', 'x');
    expectError(() => toNDArraySync({ data: new Float32Array(6), shape: [2, -3] }, { name: 'x' }), 'shape', 'x.shape');
  });

  it("throws 'nan' naming the first NaN or Infinity by index", () => {
    const e = expectError(() => toNDArraySync(new Float64Array([0, 1, NaN, Infinity]), { name: 'scores' }), 'nan', 'scores[2]');
    expect(e.received).toBe('NaN');
    expectError(() => toNDArraySync([[0, 1], [-Infinity, 2]], { name: 'm' }), 'nan', 'm[1, 0]');
  });

  it('accepts NaN when finite is false', () => {
    expect(Number.isNaN(toNDArraySync([NaN], { name: 'x', finite: false }).data[0])).toBe(true);
  });

  it("throws 'empty' for no elements unless allowEmpty", () => {
    expectError(() => toNDArraySync([], { name: 'x' }), 'empty', 'x');
    expectError(() => toNDArraySync(new Float32Array(0), { name: 'x' }), 'empty', 'x');
    expect(toNDArraySync([], { name: 'x', allowEmpty: true }).data.length).toBe(0);
  });

  it("throws 'dtype' for non-numbers and BigInt arrays", () => {
    expectError(() => toNDArraySync([1, '2'], { name: 'x' }), 'dtype', 'x[1]');
    expectError(() => toNDArraySync([[1, 2], [3, null]], { name: 'x' }), 'dtype', 'x[1, 1]');
    expectError(() => toNDArraySync([[1, 2], [3, [4]]], { name: 'x' }), 'dtype', 'x[1, 1]');
    expectError(() => toNDArraySync({ data: [1, 'a'], shape: [2] }, { name: 'x' }), 'dtype', 'x[1]');
    expectError(() => toNDArraySync(new BigInt64Array(2), { name: 'x' }), 'dtype', 'x[0]');
  });

  it("throws 'type' for unknown inputs and for tensors (which need the async reader)", () => {
    expectError(() => toNDArraySync(42, { name: 'x' }), 'type', 'x');
    expectError(() => toNDArraySync('abc', { name: 'x' }), 'type', 'x');
    expectError(() => toNDArraySync(null, { name: 'x' }), 'type', 'x');
    const e = expectError(() => toNDArraySync(tf.tensor([1, 2]), { name: 'x' }), 'type', 'x');
    expect(e.message).toMatch(/toNDArray/);
  });
});

describe('toNDArray(input, options)', () => {
  it('reads a real tf.Tensor through data(), with its shape, and does not dispose it', async () => {
    const t = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const r = await toNDArray(t, { name: 'x', shape: [2, 3] });
    expect(r.data).toBeInstanceOf(Float32Array);
    expect([...r.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.shape).toEqual([2, 3]);
    expect(t.isDisposed).toBe(false);
    expect((await t.data()).length).toBe(6);
    t.dispose();
  });

  it('keeps int32 tensors as Int32Array', async () => {
    const t = tf.tensor1d([3, 1, 2], 'int32');
    const r = await toNDArray(t, { name: 'labels' });
    expect(r.data).toBeInstanceOf(Int32Array);
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });

  it("rejects with 'nan' naming the index of a tensor's NaN", async () => {
    const t = tf.tensor2d([
      [0, 1],
      [2, NaN],
    ]);
    await expectRejection(toNDArray(t, { name: 'probs' }), 'nan', 'probs[1, 1]');
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });

  it("rejects with 'dtype' for a string tensor and 'shape' for the wrong rank", async () => {
    await expectRejection(toNDArray(tf.tensor(['a', 'b']), { name: 'x' }), 'dtype', 'x');
    await expectRejection(toNDArray(tf.tensor1d([1, 2]), { name: 'x', rank: 2 }), 'shape', 'x');
  });

  it('reads non-tensor inputs like toNDArraySync', async () => {
    const a = new Float64Array([1]);
    expect((await toNDArray(a, { name: 'x' })).data).toBe(a);
  });
});

describe('isTensorLike(x) and isTypedArray(x)', () => {
  it('recognises tf tensors by duck typing', () => {
    const t = tf.scalar(1);
    expect(isTensorLike(t)).toBe(true);
    expect(isTensorLike({ shape: [1], dtype: 'float32', data: async () => [1] })).toBe(true);
    expect(isTensorLike({ shape: [1], data: [1] })).toBe(false);
    expect(isTensorLike(null)).toBe(false);
    t.dispose();
  });
  it('recognises numeric TypedArrays only', () => {
    expect(isTypedArray(new Uint8ClampedArray(1))).toBe(true);
    expect(isTypedArray(new DataView(new ArrayBuffer(1)))).toBe(false);
    expect(isTypedArray(new BigInt64Array(1))).toBe(false);
    expect(isTypedArray([1])).toBe(false);
  });
});

describe('assertFinite(data, name)', () => {
  it('skips integer arrays and names the first bad index of float arrays', () => {
    assertFinite(new Int32Array([1, 2]), 'x');
    expectError(() => assertFinite([1, NaN], 'x'), 'nan', 'x[1]');
  });
});

describe('toLabels(input, options)', () => {
  it('returns an Int32Array input as it is', async () => {
    const a = new Int32Array([0, 1, 2]);
    expect(await toLabels(a, { name: 'y' })).toBe(a);
  });
  it('converts integer numbers to an Int32Array', async () => {
    const r = await toLabels([2, 0, 1], { name: 'y' });
    expect(r).toBeInstanceOf(Int32Array);
    expect([...r]).toEqual([2, 0, 1]);
    expect([...(await toLabels({ data: new Float32Array([1, 0]), shape: [2, 1] }, { name: 'y' }))]).toEqual([1, 0]);
  });
  it('returns string labels as they are', async () => {
    const s = ['cat', 'dog'];
    expect(await toLabels(s, { name: 'y' })).toBe(s);
  });
  it('reads int and string tensors without disposing them', async () => {
    const t = tf.tensor1d([1, 0, 1], 'int32');
    expect([...(await toLabels(t, { name: 'y' }))]).toEqual([1, 0, 1]);
    expect(t.isDisposed).toBe(false);
    const s = tf.tensor1d(['a', 'b'], 'string');
    expect(await toLabels(s, { name: 'y' })).toEqual(['a', 'b']);
    expect(s.isDisposed).toBe(false);
    t.dispose();
    s.dispose();
  });
  it('rejects fractional labels, mixed labels, [N, C] inputs, NaN and empty input', async () => {
    await expectRejection(toLabels([0, 1.5], { name: 'y' }), 'dtype', 'y[1]');
    await expectRejection(toLabels(['a', 1], { name: 'y' }), 'dtype', 'y[1]');
    await expectRejection(toLabels({ data: new Float32Array(4), shape: [2, 2] }, { name: 'y' }), 'shape', 'y');
    await expectRejection(toLabels([0, NaN], { name: 'y' }), 'nan', 'y[1]');
    await expectRejection(toLabels([], { name: 'y' }), 'empty', 'y');
  });
});

describe('TensorLensError', () => {
  it('says the argument, what was expected and what was received', () => {
    const e = expectError(() => toNDArraySync({ data: new Float32Array(5), shape: [2, 3] }, { name: 'probs' }), 'shape', 'probs');
    expect(e.name).toBe('TensorLensError');
    expect(e.message).toMatch(/^probs: expected .*, received /);
    expect(e).toBeInstanceOf(TensorLensError);
  });
});
