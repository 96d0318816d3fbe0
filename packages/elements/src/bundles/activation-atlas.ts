// tensorlens-activation-atlas.min.js: <tl-activation-atlas> alone (reads an atlas.json + sprite PNGs), with
// the renderer and the atlas file reader on the global `tensorlens`.
import { TlActivationAtlas } from '../activation-atlas-element';
import { defineOne } from './define-one';

defineOne('tl-activation-atlas', TlActivationAtlas);

// Only the core API a page needs beside the element (the full tensorlens.min.js exposes all of core).
export { createSelection, namedSelection, namedSelectionNames, TensorLensError } from '@tensorlens/core';
export { createActivationAtlas } from '@tensorlens/gl';
export { loadAtlas, parseAtlas } from '@tensorlens/explain';
export { TlActivationAtlas };
