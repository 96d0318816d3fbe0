// Shared test helpers. From a package's test: `import { expectError, rng } from '../../../test/support';`
export * from './errors';
export * from './random';
export * from './layout-metrics';
export * from './dom';
export * from './arrays';
