import { TensorLensError, describe, fail } from '@tensorlens/core';
import { MAX_CLASSES, checkClassNames, checkWeights, encodeLabels, readLabels, readLabelsSync, readWeights, readWeightsSync } from './input';
import type { LabelInput, PredInput, WeightInput } from './input';
import { countConfusion } from './counts';

/** Options of `confusionMatrixStats`. */
export interface ConfusionStatsOptions {
  /** Class names, in index order. Default: the sorted distinct string labels, or "0".."C-1". */
  classes?: string[];
  /** One non-negative weight per example; the matrix then holds summed weights. */
  sampleWeight?: WeightInput;
}

/** Per-class figures. Ratios that are undefined (0 / 0) are `null`, never NaN. */
export interface PerClassStats {
  name: string;
  /** TP / predicted; null when the class is never predicted. */
  precision: number | null;
  /** TP / support; null when the class has no examples. */
  recall: number | null;
  /** 2TP / (2TP + FP + FN); null only when the class is neither present nor predicted. */
  f1: number | null;
  /** (Weighted) number of examples whose true class this is. */
  support: number;
}

/** The confusion matrix with per-class and overall metrics, as {@link confusionMatrixStats} returns them. */
export interface ConfusionStats {
  /** C×C row-major, rows = true class, columns = predicted class (weighted counts). */
  matrix: Float64Array;
  /** C */
  size: number;
  classes: string[];
  perClass: PerClassStats[];
  /** trace / total; null when total is 0. */
  accuracy: number | null;
  /** Mean F1 over all C classes, a null F1 counting as 0 (scikit-learn, zero_division=0). */
  macroF1: number | null;
  /** Support-weighted mean F1 (null F1 counts as 0); null when total is 0. */
  weightedF1: number | null;
  total: number;
}

/** Per-class and overall statistics of a C×C confusion matrix (rows true, columns predicted). */
export function statsFromMatrix(matrix: ArrayLike<number> | number[][], classes?: string[]): ConfusionStats {
  let m: Float64Array;
  let C: number;
  if (Array.isArray(matrix) && (Array.isArray(matrix[0]) || ArrayBuffer.isView(matrix[0]))) {
    const rows = matrix as number[][];
    C = rows.length;
    if (C > MAX_CLASSES) throw fail('range', 'matrix', `at most ${MAX_CLASSES} rows (the confusion matrix's class limit)`, `${C} rows`);
    m = new Float64Array(C * C);
    for (let i = 0; i < C; i++) {
      if (rows[i].length !== C) throw new TensorLensError('shape', `matrix[${i}]`, `${C} columns (a square matrix)`, `${rows[i].length}`);
      for (let j = 0; j < C; j++) m[i * C + j] = rows[i][j];
    }
  } else {
    const flat = matrix as ArrayLike<number>;
    if (typeof BigInt64Array === 'function' && (flat instanceof BigInt64Array || flat instanceof BigUint64Array)) {
      throw fail('dtype', 'matrix', 'numbers (a Float64Array, number[][]…); convert BigInt counts with Float64Array.from(counts, Number)', flat);
    }
    C = Math.round(Math.sqrt(flat.length));
    if (C > MAX_CLASSES) throw fail('range', 'matrix', `at most ${MAX_CLASSES}×${MAX_CLASSES} values (the confusion matrix's class limit)`, `${flat.length} values`);
    if (C * C !== flat.length) throw new TensorLensError('shape', 'matrix', 'a square C×C matrix', `${flat.length} values`);
    m = flat instanceof Float64Array ? flat : Float64Array.from(flat);
  }
  if (C === 0) throw new TensorLensError('empty', 'matrix', 'at least one class', 'none');
  for (let k = 0; k < m.length; k++) {
    const v = m[k];
    if (v - v !== 0) throw new TensorLensError('nan', `matrix[${Math.floor(k / C)}][${k % C}]`, 'a finite count', describe(v));
    if (v < 0) throw new TensorLensError('range', `matrix[${Math.floor(k / C)}][${k % C}]`, 'a count ≥ 0', describe(v));
  }
  let total = 0;
  for (let k = 0; k < m.length; k++) total += m[k];
  if (!Number.isFinite(total)) throw fail('range', 'matrix', 'counts whose sum is at most 1.8e308 (scale them down: only their ratios matter)', 'counts summing past 1.8e308 (the sum overflows to Infinity)');
  const names = classes != null ? checkClassNames(classes) : Array.from({ length: C }, (_, i) => String(i));
  if (names.length !== C) throw new TensorLensError('length', 'classes', `${C} names (one per matrix row)`, `${names.length}`);
  return computeStats(m, C, names);
}

/** Statistics of a validated C×C matrix (internal: no checks). */
export function computeStats(m: Float64Array, C: number, names: string[]): ConfusionStats {
  const row = new Float64Array(C);
  const col = new Float64Array(C);
  let total = 0;
  let trace = 0;
  for (let i = 0; i < C; i++) {
    let r = 0;
    for (let j = 0, o = i * C; j < C; j++) {
      const v = m[o + j];
      if (v !== 0) {
        r += v;
        col[j] += v;
      }
    }
    row[i] = r;
    total += r;
    trace += m[i * C + i];
  }
  const perClass: PerClassStats[] = [];
  let f1Sum = 0;
  let f1Weighted = 0;
  for (let i = 0; i < C; i++) {
    const tp = m[i * C + i];
    const precision = col[i] > 0 ? tp / col[i] : null;
    const recall = row[i] > 0 ? tp / row[i] : null;
    const den = row[i] + col[i]; // 2TP + FP + FN
    const f1 = den > 0 ? (2 * tp) / den : null;
    f1Sum += f1 ?? 0;
    f1Weighted += (f1 ?? 0) * row[i];
    perClass.push({ name: names[i], precision, recall, f1, support: row[i] });
  }
  return {
    matrix: m,
    size: C,
    classes: names,
    perClass,
    accuracy: total > 0 ? trace / total : null,
    macroF1: total > 0 ? f1Sum / C : null,
    weightedF1: total > 0 ? f1Weighted / total : null,
    total,
  };
}

/** `confusionMatrixStats` for in-memory arrays (no tensors). */
export function confusionMatrixStatsSync(yTrue: LabelInput, yPred: PredInput, options: ConfusionStatsOptions = {}): ConfusionStats {
  const enc = encodeLabels(readLabelsSync(yTrue, 'yTrue'), readLabelsSync(yPred, 'yPred'), options.classes);
  const w = readWeightsSync(options.sampleWeight);
  const counts = countConfusion(enc.yTrue, enc.yPred, enc.classes.length, w && checkWeights(w, enc.yTrue.length));
  return computeStats(counts.matrix, enc.classes.length, enc.classes);
}

/**
 * Confusion matrix and classification report from labels (numbers, strings, tensors) or class
 * probabilities `[N, C]` (argmax). Tensors are read, never disposed.
 */
export async function confusionMatrixStats(yTrue: LabelInput, yPred: PredInput, options: ConfusionStatsOptions = {}): Promise<ConfusionStats> {
  const [t, p, w] = await Promise.all([readLabels(yTrue, 'yTrue'), readLabels(yPred, 'yPred'), readWeights(options.sampleWeight)]);
  const enc = encodeLabels(t, p, options.classes);
  const counts = countConfusion(enc.yTrue, enc.yPred, enc.classes.length, w && checkWeights(w, enc.yTrue.length));
  return computeStats(counts.matrix, enc.classes.length, enc.classes);
}
