// The engine's public surface: what the app, the worker, the CLI and the benchmarks import.
// UI-free: nothing here touches the DOM, React, D3 or zustand.
export type { Backend, BackendName, DeviceBuffer, Kernels, Precision } from './backends/backend';
export { createJsBackend } from './backends/js/jsBackend';
export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './backends/wasm/wasmBackend';
export { createWebGpuBackend, type WebGpuBackend, type WebGpuBackendOptions } from './backends/webgpu/webgpuBackend';
export { probeWebGpu, requestWebGpuDevice, type WebGpuProbe, type GpuAdapterSummary } from './backends/webgpu/probe';
export {
  selectBackend, type BackendPreference, type BackendSelection, type BackendAvailability, type SelectOptions,
} from './backends/select';
export { snapshotTensors, moveTensorsTo, type TensorSnapshot } from './backends/migrate';
export { getBackend, setBackend, withBackend, withBackendAsync, noGrad, tidy, keep } from './runtime';
export { Tensor, tensor, zeros, ones, full } from './tensor';
export { backward, zeroGrad } from './autograd';
export * as ops from './ops';
export { Rng } from './util/rng';
export { TorchGenerator, type TorchGeneratorState } from './util/torchGenerator';

export { GPT, type ForwardOptions, type ForwardResult } from './model/gpt';
export { initLikeNanoGPT } from './model/nanogptInit';
export { copyModel } from './model/copy';
export { planGpt2, loadGpt2, gpt2Tensors, Gpt2FileError, type Gpt2Plan } from './model/gpt2/gpt2File';
export {
  readSafetensorsHeader, readTensor, bytesSource, blobSource, SafetensorsError, type ByteSource, type TensorEntry,
} from './model/gpt2/safetensors';
export {
  defaultConfig, validateConfig, countParameters, estimateModelBytes, inferenceBytes, assertModelFits, MAX_MODEL_BYTES, topParameters, partialTrainingBytes,
  type GPTConfig, type FullGPTConfig, type PositionalScheme, type Activation,
} from './model/gptConfig';
export {
  Trace, TraceReadout, type TracedActivation, type TraceKey, type TraceSelector, type TraceSite, type ModelSite, type BlockSite,
} from './nn/trace';
export { checkAblation, type Ablation } from './model/ablation';
export {
  evaluate, evaluateAblations, headImportance, headOff, slidingWindows,
  type Evaluation, type EvaluateOptions, type HeadImportance, type Window,
} from './model/evaluate';
export { KVCache, causalMask } from './nn/attention';
export { sinusoidalTable, ropeAngles, applyRope } from './nn/positional';
export { generate, nextTokenLogits, type GenerateOptions, type GeneratedToken } from './model/generate';
export {
  distribution, filterDistribution, sampleIndex, drawSeed, drawToken, validateSampling, entropy, argmax, checkTokenIds, Cut, cutReasons,
  type SamplingOptions, type TokenDistribution, type CutReason,
} from './model/sampling';
export { forwardFlopsPerToken, forwardFlops, trainingFlopsPerStep, type FlopBreakdown } from './flops';

export { AdamW, gradNorm, clipScale, type AdamWOptions } from './optim/adamw';
export { cosineLr, type CosineSchedule } from './optim/schedule';
export { TokenDataset, type Split, type RandomSource, type BatchSource } from './train/data';
export { validateTrainConfig, TrainConfigError } from './train/trainConfig';
export { saveRunState, loadRunState, modelOfRunState, resumeTrainer, areFinite, frozenFingerprint, runBaseOf, TrustedRunStates, type FindBase, type RunBase, type RunNotes, type LoadedRunState } from './train/runState';
export { Trainer, isTrainedParameter, NonFiniteLossError, type TrainConfig, type TrainerOptions, type TrainerPosition, type ResumableRandom, type StepEvent, type EvalEvent, type TrainCallbacks } from './train/trainer';
export {
  encodeCheckpoint, writeCheckpoint, openCheckpoint, decodeCheckpoint, CheckpointError, CHECKPOINT_VERSION, MAX_CHECKPOINT_BYTES, modelDtypeFor,
  type CheckpointContents, type TrainingMeta, type StoredDType,
} from './train/checkpoint';
export { saveModel, loadModel, type LoadedModel, type SaveOptions } from './train/modelFile';
export { loadModelFromSource } from './train/modelSource';
export { createModel, type CreateModelOptions, type CreatedModel } from './train/createModel';

export * from './tokenizer';
export { packSequences, responseLogProbs, type Episode, type SequenceBatch } from './rlhf/sequences';
export { RewardModel, RewardModelTrainer, preferenceLoss, scoreEpisodes, type PreferencePair, type RewardTrainingOptions } from './rlhf/rewardModel';
export { PPO, defaultPPOConfig, frozenCopy, type PPOConfig, type PPOStats, type RewardFunction } from './rlhf/ppo';
export { advantages, whiten } from './rlhf/gae';
export { DPOTrainer, dpoLoss, defaultDPOConfig, type DPOConfig, type DPOStepStats } from './rlhf/dpo';
export { parseTextRule, textRuleName, scoreText, rateByRule, ruleAsCode, ruleSource, TEXT_RULE_KINDS, type TextRule } from './rlhf/textRater';
export { parseRule, evaluateRule, RuleSyntaxError, MEASURES, FUNCTIONS, MAX_RULE_LENGTH, type RuleExpr } from './rlhf/ruleLanguage';
export { distinctN } from './rlhf/diversity';
export { ExampleDataset, type Example } from './train/finetune';
export { scoreTask, heldOutTextLoss, isExactMatch, type TaskExample, type TaskScore } from './train/taskProbe';
export { Word2Vec, type Word2VecOptions, type Word2VecProgress } from './embeddings/word2vec';
export { pca, pcaAsync, projectPoints, type PcaOptions, type PcaProgress, type PcaResult } from './embeddings/pca';
export { cosineSimilarity, nearestNeighbours, nearestToVector, analogy, analogyVector, type Neighbour, type EmbeddingTable } from './embeddings/neighbours';
