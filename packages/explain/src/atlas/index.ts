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
export { packAtlasIcons } from './icons';
export { encodePNG, decodePNG, readPNGChunks, crc32, type PNGColor, type PNGChunk } from './png';
