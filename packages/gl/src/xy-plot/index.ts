export * from './xy-plot';
export { encodeAxis, jitter } from './axes';
export type { AxisEncoding } from './axes';
