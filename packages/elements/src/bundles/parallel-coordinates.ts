// tensorlens-parallel-coordinates.min.js: <tl-parallel-coordinates> alone (with its data table and XY plot).
import { TlParallelCoordinates } from '../parallel-coordinates-element';
import { defineOne } from './define-one';

defineOne('tl-parallel-coordinates', TlParallelCoordinates);

export * from '@tensorlens/core';
export { createDataTable } from '@tensorlens/charts';
export { createParallelCoordinates } from '@tensorlens/views';
export { TlParallelCoordinates };
