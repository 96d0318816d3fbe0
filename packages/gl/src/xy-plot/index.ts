export * from './xy-plot';
export { encodeAxis, linearTicks, logTicks, formatTick } from './axes';
export type { AxisEncoding } from './axes';
