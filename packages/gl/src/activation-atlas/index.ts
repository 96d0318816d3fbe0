export { createActivationAtlas } from './activation-atlas';
export type { ActivationAtlasOptions, ActivationAtlasEvents, ActivationAtlasHandle, AtlasCellEvent, AtlasSelectEvent, AtlasView } from './options';
