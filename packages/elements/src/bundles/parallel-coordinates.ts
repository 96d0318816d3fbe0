// tensorlens-parallel-coordinates.min.js: <tl-parallel-coordinates> alone (with its data table and XY plot).
import { TlParallelCoordinates } from '../parallel-coordinates-element';
import { defineOne } from './define-one';

defineOne('tl-parallel-coordinates', TlParallelCoordinates);

// Only the core API a page needs beside the element (the full tensorlens.min.js exposes all of core).
export { createSelection, namedSelection, namedSelectionNames, TensorLensError } from '@tensorlens/core';
export { createDataTable } from '@tensorlens/charts';
export { createParallelCoordinates } from '@tensorlens/views';
export { TlParallelCoordinates };
