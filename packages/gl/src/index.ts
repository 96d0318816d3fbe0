export {};
export * from './point-cloud';
export * from './line-bundle';
export * from './xy-plot';
export * from './activation-atlas';
export { canCompileShaders } from './shared/regl';
