// The one list of the worker's methods. The host dispatches from it and protocol.ts derives every method's
// parameter, progress and result types from it: a new method is its own file plus one line here.
import { attentionHead } from './attentionHead';
import { compareBackends } from './compareBackends';
import { contextMap } from './contextMap';
import { createModel } from './createModel';
import { dpo } from './dpo';
import { embeddingMap } from './embeddingMap';
import { evaluate } from './evaluate';
import { generate } from './generate';
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
import { unloadCheckpoint } from './unloadCheckpoint';
import { word2vec } from './word2vec';

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
  tokenize,
  evaluate,
  createModel,
  rewardModel,
  scoreTexts,
  ppo,
  dpo,
  monitor,
};
