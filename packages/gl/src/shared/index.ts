export { watchContextLoss } from './context-loss';
export type { ContextLossHandlers, ContextLossWatch } from './context-loss';
export { UNSAFE_EVAL_TEXT, assertCanCompileShaders, canCompileShaders, createRegl, unsafeEvalError } from './regl';
