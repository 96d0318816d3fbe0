export {};
export * from './point-cloud';
export * from './line-bundle';
