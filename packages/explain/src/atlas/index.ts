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
