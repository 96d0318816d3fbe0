import { describe as suite, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { TensorLensError } from '@tensorlens/core';
import { confusionMatrixStats, confusionMatrixStatsSync, statsFromMatrix } from '@tensorlens/charts';

const rows = (m: Float64Array, C: number) => Array.from({ length: C }, (_, i) => Array.from(m.subarray(i * C, i * C + C)));
const close = (a: Array<number | null>, b: Array<number | null>, d = 2) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => (b[i] == null ? expect(v).toBeNull() : expect(v).toBeCloseTo(b[i]!, d)));
};

function thrown(fn: () => unknown): TensorLensError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TensorLensError);
    return e as TensorLensError;
  }
  throw new Error('did not throw');
}

suite('confusionMatrixStats against scikit-learn', () => {
  it('matches the classification_report example of the scikit-learn docs', () => {
    // y_true=[0,1,2,2,2], y_pred=[0,0,2,2,1]; published report:
    // precision 0.50 0.00 1.00, recall 1.00 0.00 0.67, f1 0.67 0.00 0.80,
    // accuracy 0.60, macro avg f1 0.49, weighted avg f1 0.61
    const s = confusionMatrixStatsSync([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { classes: ['class 0', 'class 1', 'class 2'] });
    close(s.perClass.map((p) => p.precision), [0.5, 0, 1]);
    close(s.perClass.map((p) => p.recall), [1, 0, 0.67]);
    close(s.perClass.map((p) => p.f1), [0.67, 0, 0.8]);
    expect(s.perClass.map((p) => p.support)).toEqual([1, 1, 3]);
    expect(s.accuracy).toBeCloseTo(0.6, 10);
    expect(s.macroF1).toBeCloseTo(0.49, 2);
    expect(s.weightedF1).toBeCloseTo(0.61, 2);
    expect(s.classes).toEqual(['class 0', 'class 1', 'class 2']);
    expect(s.total).toBe(5);
  });

  it('matches the confusion_matrix examples of the scikit-learn docs (numbers and strings)', () => {
    const a = confusionMatrixStatsSync([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
    expect(rows(a.matrix, 3)).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    const b = confusionMatrixStatsSync(['cat', 'ant', 'cat', 'cat', 'ant', 'bird'], ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'], { classes: ['ant', 'bird', 'cat'] });
    expect(rows(b.matrix, 3)).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    // without classes, string labels are sorted like sklearn's unique_labels
    const c = confusionMatrixStatsSync(['cat', 'ant', 'cat', 'cat', 'ant', 'bird'], ['ant', 'ant', 'cat', 'cat', 'ant', 'cat']);
    expect(c.classes).toEqual(['ant', 'bird', 'cat']);
    expect(rows(c.matrix, 3)).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
  });

  it('matches the f1_score example of the scikit-learn docs', () => {
    // y_true=[0,1,2,0,1,2], y_pred=[0,2,1,0,0,1]: f1 per class [0.8, 0, 0], macro 0.26666, weighted 0.26666
    const s = confusionMatrixStatsSync([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
    close(s.perClass.map((p) => p.f1), [0.8, 0, 0], 6);
    expect(s.macroF1).toBeCloseTo(0.266666, 5);
    expect(s.weightedF1).toBeCloseTo(0.266666, 5);
    // precision by hand: class 0: 2 of 3 predicted; class 1: 0 of 2; class 2: 0 of 1
    close(s.perClass.map((p) => p.precision), [2 / 3, 0, 0], 10);
  });
});

suite('undefined ratios are null, never NaN', () => {
  it('gives precision null for a class that is never predicted, and F1 0 (2TP / (2TP + FP + FN))', () => {
    const s = confusionMatrixStatsSync([0, 1, 1], [0, 0, 0], { classes: ['a', 'b'] });
    expect(s.perClass[1].precision).toBeNull();
    expect(s.perClass[1].recall).toBe(0);
    expect(s.perClass[1].f1).toBe(0);
    // class a: TP 1, FP 2, FN 0 → precision 1/3, recall 1, F1 2/(2+2) = 0.5
    expect(s.perClass[0].precision).toBeCloseTo(1 / 3, 12);
    expect(s.perClass[0].f1).toBeCloseTo(0.5, 12);
    expect(s.macroF1).toBeCloseTo(0.25, 12);
    expect(s.weightedF1).toBeCloseTo((0.5 * 1 + 0 * 2) / 3, 12);
  });

  it('gives recall, precision and F1 null for a class with no examples that is never predicted; macro F1 counts it as 0', () => {
    const s = confusionMatrixStatsSync(['a', 'b', 'a'], ['a', 'b', 'b'], { classes: ['a', 'b', 'c'] });
    expect(s.perClass[2]).toEqual({ name: 'c', precision: null, recall: null, f1: null, support: 0 });
    // a: TP1 FN1 → f1 2/3; b: TP1 FP1 → f1 2/3; c: null → 0 (scikit-learn zero_division=0)
    expect(s.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 0) / 3, 12);
    expect(s.weightedF1).toBeCloseTo(2 / 3, 12);
    for (const p of s.perClass) for (const v of [p.precision, p.recall, p.f1]) expect(Number.isNaN(v)).toBe(false);
  });

  it('statsFromMatrix of an all-zero matrix has null accuracy and F1s', () => {
    const s = statsFromMatrix([[0, 0], [0, 0]]);
    expect(s.accuracy).toBeNull();
    expect(s.macroF1).toBeNull();
    expect(s.weightedF1).toBeNull();
    expect(s.perClass[0].recall).toBeNull();
  });
});

suite('inputs', () => {
  it('weights every example by sampleWeight', () => {
    // by hand: cells (0,0) 1+2=3, (0,1) 1, (1,1) 4 → accuracy 7/8
    const s = confusionMatrixStatsSync([0, 0, 0, 1], [0, 0, 1, 1], { sampleWeight: [1, 2, 1, 4] });
    expect(Array.from(s.matrix)).toEqual([3, 1, 0, 4]);
    expect(s.accuracy).toBeCloseTo(7 / 8, 12);
    expect(s.perClass[0].support).toBe(4);
    expect(s.perClass[1].precision).toBeCloseTo(4 / 5, 12);
  });

  it('takes the argmax of probabilities given as nested arrays or { data, shape }', () => {
    const probs = [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]];
    const a = confusionMatrixStatsSync([0, 2, 2], probs);
    expect(rows(a.matrix, 3)).toEqual([[1, 0, 0], [0, 0, 0], [0, 1, 1]]);
    const b = confusionMatrixStatsSync(Int32Array.of(0, 2, 2), { data: Float32Array.from(probs.flat()), shape: [3, 3] });
    expect(Array.from(b.matrix)).toEqual(Array.from(a.matrix));
  });

  it('reads tf tensors (labels and probabilities) and disposes only the tensors it creates', async () => {
    await tf.setBackend('cpu');
    const yTrue = tf.tensor1d([0, 1, 2, 2, 2], 'int32');
    const yProb = tf.tensor2d([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0, 0, 1], [0.1, 0.2, 0.7], [0.2, 0.5, 0.3]]);
    const before = tf.memory().numTensors;
    const s = await confusionMatrixStats(yTrue, yProb);
    expect(tf.memory().numTensors).toBe(before);
    expect(yTrue.isDisposed).toBe(false);
    expect(yProb.isDisposed).toBe(false);
    expect(s.accuracy).toBeCloseTo(0.6, 12);
    expect(s.macroF1).toBeCloseTo(0.49, 2);
    yTrue.dispose();
    yProb.dispose();
  });

  it('rejects NaN in a probability tensor, naming the position', async () => {
    const yProb = tf.tensor2d([[0.5, 0.5], [NaN, 1]]);
    await expect(confusionMatrixStats([0, 1], yProb)).rejects.toMatchObject({ code: 'nan', argument: 'yPred[1, 0]' });
    expect(yProb.isDisposed).toBe(false);
    yProb.dispose();
  });
});

suite('bad input raises TensorLensError', () => {
  it('mismatched lengths → length', () => {
    expect(thrown(() => confusionMatrixStatsSync([0, 1], [0])).code).toBe('length');
  });
  it('a label outside the class list → unknown-class, naming the label and its position', () => {
    const e = thrown(() => confusionMatrixStatsSync(['cat', 'dog', 'emu'], ['cat', 'cat', 'dog'], { classes: ['cat', 'dog'] }));
    expect(e.code).toBe('unknown-class');
    expect(e.argument).toBe('yTrue[2]');
    expect(e.message).toContain('"emu"');
    const f = thrown(() => confusionMatrixStatsSync(Int32Array.of(0, 1), Int32Array.of(1, 5), { classes: ['a', 'b'] }));
    expect(f.code).toBe('unknown-class');
    expect(f.argument).toBe('yPred[1]');
    expect(f.message).toContain('5');
    expect(thrown(() => confusionMatrixStatsSync([0, -1], [0, 0])).code).toBe('unknown-class');
  });
  it('NaN probabilities → nan', () => {
    const e = thrown(() => confusionMatrixStatsSync([0, 1], [[0.5, 0.5], [0.2, NaN]]));
    expect(e.code).toBe('nan');
    expect(e.argument).toBe('yPred[1, 1]');
    expect(thrown(() => confusionMatrixStatsSync([0, NaN], [0, 1])).code).toBe('nan');
  });
  it('empty data → empty', () => {
    expect(thrown(() => confusionMatrixStatsSync([], [])).code).toBe('empty');
  });
  it('wrong shapes → shape', () => {
    expect(thrown(() => confusionMatrixStatsSync([0, 1], { data: new Float32Array(8), shape: [2, 2, 2] })).code).toBe('shape');
    expect(thrown(() => confusionMatrixStatsSync([0, 1], [[0.5, 0.5], [1]])).code).toBe('shape');
    expect(thrown(() => confusionMatrixStatsSync([0, 1], [[0.1, 0.2, 0.7], [1, 0, 0]], { classes: ['a', 'b'] })).code).toBe('shape');
    expect(thrown(() => statsFromMatrix([1, 2, 3])).code).toBe('shape');
  });
  it('bad weights → length / range', () => {
    expect(thrown(() => confusionMatrixStatsSync([0, 1], [0, 1], { sampleWeight: [1] })).code).toBe('length');
    expect(thrown(() => confusionMatrixStatsSync([0, 1], [0, 1], { sampleWeight: [1, -1] })).code).toBe('range');
  });
  it('tensors in the sync API → type', () => {
    expect(thrown(() => confusionMatrixStatsSync(tf.tensor1d([0]), [0])).code).toBe('type');
  });
});
