// The one list of the worker's methods. The host dispatches from it and protocol.ts derives every method's
// parameter, progress and result types from it: a new method is its own file plus one line here.
import { ablatedSample } from './ablatedSample';
import { attentionHead } from './attentionHead';
import { attentionMaps } from './attentionMaps';
import { compareBackends } from './compareBackends';
import { contextMap } from './contextMap';
import { createModel } from './createModel';
import { dpo } from './dpo';
import { embeddingMap } from './embeddingMap';
import { evaluate } from './evaluate';
import { generate } from './generate';
import { importGpt2 } from './importGpt2';
import { openGpt2 } from './openGpt2';
import { inspect } from './inspect';
import { loadCheckpoint } from './loadCheckpoint';
import { monitor } from './monitor';
import { ppo } from './ppo';
import { rewardModel } from './rewardModel';
import { rlhf } from './rlhf';
import { scoreTexts } from './scoreTexts';
import { setBackend } from './setBackend';
import { tokenize } from './tokenize';
import { train } from './train';
import { trainTokenizer } from './trainTokenizer';
import { unloadCheckpoint } from './unloadCheckpoint';
import { validationPassage } from './validationPassage';
import { unwindToken } from './unwindToken';
import { word2vec } from './word2vec';
import { contextCompare } from './contextCompare';
import { embeddingLookup } from './embeddingLookup';
import { positionTables } from './positionTables';
import { word2vecQuery } from './word2vecQuery';
import { wordOrder } from './wordOrder';

export const handlers = {
  setBackend,
  loadCheckpoint,
  unloadCheckpoint,
  inspect,
  generate,
  compareBackends,
  train,
  rlhf,
  attentionHead,
  contextMap,
  embeddingMap,
  word2vec,
  embeddingLookup,
  positionTables,
  wordOrder,
  contextCompare,
  word2vecQuery,
  tokenize,
  evaluate,
  createModel,
  importGpt2,
  openGpt2,
  attentionMaps,
  validationPassage,
  ablatedSample,
  trainTokenizer,
  unwindToken,
  rewardModel,
  scoreTexts,
  ppo,
  dpo,
  monitor,
};
