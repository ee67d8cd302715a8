// Frees the model kept under `key` (the lab deleted it); unknown keys are not an error.
import { s } from '../schema';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export const unloadCheckpoint = method({
  lane: 'queue',
  retry: true,
  params: s.object({ key: checkpointKey() }),
  run: (p, { state }) => ({ unloaded: state.unload(p.key) }),
});
