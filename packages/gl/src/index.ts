export {};
export * from './point-cloud';
export * from './line-bundle';
export * from './embedding-projector';
export * from './xy-plot';
export * from './activation-atlas';
