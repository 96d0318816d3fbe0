// Activation atlases: building (build.ts, atlas.worker.ts), icons (icons.ts), the file format (format.ts).
export type {
  ActivationAtlas,
  AtlasLevel,
  AtlasAttributions,
  BuildAtlasOptions,
  BuildAtlasProgress,
  RGBAImage,
  AtlasPage,
  AtlasSprites,
  AtlasIconCell,
  AtlasIconSource,
  AtlasImages,
  AtlasIconOptions,
  AtlasManifest,
} from './types';
export { buildActivationAtlas, MAX_ATLAS_GRID, MAX_ATLAS_TOP_K, MAX_ATLAS_EXAMPLES } from './build';
export { atlasBounds, atlasCellOf, atlasColOf, atlasRowOf, ATLAS_BOUNDS_EPSILON } from './grid';
export { packAtlasIcons } from './icons';
export { encodePNG, decodePNG, readPNGChunks, crc32, type PNGColor, type PNGChunk } from './png';
export { serializeAtlas, parseAtlas, loadAtlas, ATLAS_FORMAT, ATLAS_FORMAT_VERSION, type SerializeAtlasOptions, type AtlasFile, type ParsedAtlas } from './format';
