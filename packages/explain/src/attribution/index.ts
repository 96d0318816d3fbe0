// @tensorlens/explain/attribution: the entry that needs @tensorflow/tfjs-core (an optional peer dependency of
// @tensorlens/explain, needed only by this entry). The package's main entry never imports it.
export type { ModelFn, AttributionOptions, AttributionProgress } from './types';
export { vanillaGradients, gradientTimesInput } from './gradients';
export { smoothGrad, type SmoothGradOptions } from './smooth-grad';
export { integratedGradients, quadrature, type IntegratedGradientsOptions, type IntegratedGradientsResult, type IntegrationRule } from './integrated-gradients';
export { gaussianBlur } from './blur';
export { gradCam, type GradCamOptions } from './grad-cam';
export { occlusionSensitivity, type OcclusionOptions } from './occlusion';
export { aggregateChannels, type ChannelAggregation } from './aggregate';
export { attributionCallback, type AttributionCallbackOptions, type AttributionEpochResult, type AttributionMethodName } from './callback';
export { stagesOf, type LayeredModel } from './layered-model';
export {
  sequentialFromWeights,
  guidedRelu,
  type SequentialSpec,
  type SequentialModel,
  type SequentialLayer,
  type LayerSpec,
  type Conv2dSpec,
  type PoolSpec,
  type DenseSpec,
  type PlainSpec,
  type WeightEntry,
} from './sequential';
export { spearman } from './rank-correlation';
