// Every layout is checked before it is returned: a non-finite position (a NaN from a diverged gradient, an
// overflow when float64 positions are stored as float32) is a TensorLensError naming the method and where it
// was found, never a blank projection drawn without a word.
import { TensorLensError } from '@tensorlens/core';
import type { ProjectionMethod } from './types';

/** The error of a layout that stopped being finite: `at` says where ("at epoch 12 of 200", "in the final projection"). */
export function nonFiniteLayout(method: ProjectionMethod, at: string, detail?: string): TensorLensError {
  return new TensorLensError('nan', method, 'finite positions', `a non-finite layout ${at}`, detail);
}

/**
 * Checks a finished N×dims layout: throws {@link nonFiniteLayout} naming the first non-finite coordinate (its
 * point and axis). `at` says which result this is, e.g. "in the final projection".
 */
export function checkLayout(method: ProjectionMethod, positions: ArrayLike<number>, dims: number, at: string): void {
  for (let i = 0; i < positions.length; i++) {
    const v = positions[i];
    if (v - v !== 0) throw nonFiniteLayout(method, at, `point ${Math.floor(i / dims)}, axis ${i % dims}: ${v}`);
  }
}
