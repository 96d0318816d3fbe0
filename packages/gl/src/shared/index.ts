export { watchContextLoss } from './context-loss';
export type { ContextLossHandlers, ContextLossWatch } from './context-loss';
