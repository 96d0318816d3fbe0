// Entry of the script-tag bundle (dist/tensorlens.min.js, an IIFE on the global `tensorlens`):
// registers every custom element and exposes the public API of core, charts, views and elements.
import './define';

export * from '@tensorlens/core';
export * from '@tensorlens/charts';
export { createPointCloud, createXYPlot } from '@tensorlens/gl';
export * from '@tensorlens/views';
export { createActivationAtlas } from '@tensorlens/gl';
export { loadAtlas, parseAtlas, serializeAtlas, packAtlasIcons } from '@tensorlens/explain';
export * from './index';
