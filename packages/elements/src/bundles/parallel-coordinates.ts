// tensorlens-parallel-coordinates.min.js: <tl-parallel-coordinates> alone (with its data table and XY plot).
import { TlParallelCoordinates } from '../parallel-coordinates-element';
import { defineOne } from './define-one';

defineOne('tl-parallel-coordinates', TlParallelCoordinates);

export * from '@tensorlens/core';
export { createParallelCoordinates, createDataTable } from '@tensorlens/charts';
export { TlParallelCoordinates };
