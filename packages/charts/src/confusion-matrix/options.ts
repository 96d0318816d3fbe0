// The confusion matrix's options, declared once: how each is checked, its default and what a change of it makes
// stale. createConfusionMatrix resolves them with this model; update() merges through it (so a bad value throws
// before anything changes).
import { defineOptions, fail, isBoolean, isNumber, isSelection, isString, isTheme, nullable, oneOf } from '@tensorlens/core';
import type { OptionCheck, Selection, Theme } from '@tensorlens/core';
import type { LabelInput, PredInput, WeightInput } from './input';
import type { ClassOrder } from './order';
import type { Normalize } from './view';
import type { CellScheme } from './colors';

/** A C×C matrix given directly: nested rows or a flat row-major array with its shape. */
export type MatrixInput = number[][] | { data: ArrayLike<number>; shape: [number, number] | number[] };

/** Model B for a comparison: the matrix shows B − A on a diverging scale centred at 0. */
export interface ConfusionCompare {
  /** Default: A's yTrue. */
  yTrue?: LabelInput;
  yPred?: PredInput;
  matrix?: MatrixInput;
  sampleWeight?: WeightInput;
  /** Name of model B (default "B"). */
  label?: string;
}

/** Options of {@link createConfusionMatrix}. Give labels (`yTrue` + `yPred`) or a `matrix`. */
export interface ConfusionMatrixOptions {
  /** True labels: class indices (integers in [0, classes)), class names, or a tensor [N]. */
  yTrue?: LabelInput;
  /** Predicted labels, or class probabilities [N, C] (argmax). */
  yPred?: PredInput;
  /** A precomputed C×C matrix (rows true, columns predicted) instead of labels. */
  matrix?: MatrixInput;
  /** Class names in index order: distinct, at most {@link MAX_CLASSES}. */
  classes?: string[];
  /** One weight ≥ 0 per example (their sum must be finite). */
  sampleWeight?: WeightInput;
  /** A second model: draws B − A. Default null. */
  compare?: ConfusionCompare | null;
  /** Default 'none'. */
  normalize?: Normalize;
  /** Default 'auto': counts when normalize is 'none', else percentages. */
  cellText?: 'auto' | 'count' | 'percent' | 'none';
  /** Default 'given'. */
  order?: ClassOrder;
  /** Default null (all classes); else the k classes with most examples, the rest folded into "other". */
  topK?: number | null;
  /** Default true: support, precision, recall and F1 per class beside the rows. */
  margins?: boolean;
  /** Default 5: how many most-confused pairs to list; 0 hides the list. */
  confusedPairs?: number;
  /** Default true: a colour legend of the cell values (a diverging one centred at 0 when comparing). */
  legend?: boolean;
  /** Sequential colour scheme of the cells. Default 'blues'. (Was `colorScheme`.) */
  scheme?: CellScheme;
  /** Shared selection written on click (example indices) and shown as outlined cells. Default null. */
  selection?: Selection | null;
  /** Default 40: above this many displayed classes, cells are drawn on a canvas. */
  canvasThreshold?: number;
  /** Default '': a visible heading, also the start of the accessible name. */
  title?: string;
  /** Default 'auto' (follows prefers-color-scheme and an ancestor's data-tl-theme). */
  theme?: Theme;
  /** Default true: a text tooltip on hover. */
  tooltip?: boolean;
}

/** An object (not null, not an array), for `compare`. */
const isCompare: OptionCheck<ConfusionCompare | null> = (value, argument) => {
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw fail('option', argument, 'null or { yPred | matrix, yTrue?, sampleWeight?, label? }', value);
};

/** Data options are checked when they are read (by the data derivation), which names each bad label or weight. */
const data = { invalidates: 'data' } as const;

/** The options model: checks, defaults and invalidation of every option. */
export const confusionOptions = defineOptions<ConfusionMatrixOptions>(
  'confusion matrix',
  {
    yTrue: data,
    yPred: data,
    matrix: data,
    classes: data,
    sampleWeight: data,
    compare: { ...data, default: null, check: isCompare },
    normalize: { default: 'none', check: oneOf<Normalize>('none', 'true', 'pred', 'all'), invalidates: 'paint' },
    cellText: { default: 'auto', check: oneOf('auto', 'count', 'percent', 'none'), invalidates: 'paint' },
    order: { default: 'given', check: oneOf<ClassOrder>('given', 'frequency', 'accuracy', 'seriation'), invalidates: 'layout' },
    topK: { default: null, check: nullable(isNumber({ min: 1, integer: true })), invalidates: 'layout' },
    margins: { default: true, check: isBoolean, invalidates: 'layout' },
    confusedPairs: { default: 5, check: isNumber({ min: 0, integer: true }), invalidates: 'layout' },
    legend: { default: true, check: isBoolean, invalidates: 'layout' },
    scheme: { default: 'blues', check: oneOf<CellScheme>('viridis', 'magma', 'blues', 'greys'), invalidates: 'paint' },
    selection: { default: null, check: nullable(isSelection) as OptionCheck<Selection | null>, invalidates: 'paint' },
    canvasThreshold: { default: 40, check: isNumber({ min: 0 }), invalidates: 'layout' },
    title: { default: '', check: isString, invalidates: 'layout' },
    theme: { default: 'auto', check: isTheme, invalidates: 'paint' },
    tooltip: { default: true, check: isBoolean, invalidates: 'none' },
  },
  { renamed: { colorScheme: 'scheme' } },
);

/** The options that hold data: a change of any of them recounts. */
export const DATA_OPTIONS = ['yTrue', 'yPred', 'matrix', 'classes', 'sampleWeight', 'compare'] as const;
