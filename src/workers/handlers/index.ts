// The one list of the worker's methods. The host dispatches from it and protocol.ts derives every method's
// parameter, progress and result types from it: a new method is its own file plus one line here.
import { attentionHead } from './attentionHead';
import { compareBackends } from './compareBackends';
import { contextMap } from './contextMap';
import { createModel } from './createModel';
import { embeddingMap } from './embeddingMap';
import { evaluate } from './evaluate';
import { generate } from './generate';
import { inspect } from './inspect';
import { loadCheckpoint } from './loadCheckpoint';
import { rlhf } from './rlhf';
import { setBackend } from './setBackend';
import { tokenize } from './tokenize';
import { train } from './train';
import { trainTokenizer } from './trainTokenizer';
import { unloadCheckpoint } from './unloadCheckpoint';
import { unwindToken } from './unwindToken';
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
  trainTokenizer,
  unwindToken,
};
