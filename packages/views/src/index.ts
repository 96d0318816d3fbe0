export * from './parallel-coordinates';
export * from './embedding-projector';
