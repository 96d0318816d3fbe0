// Messages between the point cloud and its spatial-index worker.
export type IndexRequest =
  | { type: 'init'; id: number; dims: 2 | 3; x: Float32Array; y: Float32Array; z: Float32Array | null }
  | { type: 'visible'; visible: Uint8Array | null }
  | { type: 'hover'; id: number; x: number; y: number; radius: number; scaleY: number; matrix?: number[]; w: number; h: number }
  | { type: 'polygon'; id: number; polygon: Float64Array; matrix?: number[]; w: number; h: number };

export type IndexResponse =
  | { type: 'ready'; id: number }
  | { type: 'hover'; id: number; index: number }
  | { type: 'polygon'; id: number; indices: Uint32Array };
