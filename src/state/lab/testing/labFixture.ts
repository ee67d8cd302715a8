// The lab as tests use it: a fresh store, an in-process engine and a storage of the test's choosing, started
// like the app starts it, plus checkpoint files made to order (including crafted ones).
import { decodeCheckpoint, encodeCheckpoint, type TrainingMeta } from '../../../engine/train/checkpoint';
import { EngineClient } from '../../../workers/engineClient';
import { InProcessWorker } from '../../../workers/testing/inProcessWorker';
import { tinyCheckpoint } from '../../../workers/testing/tinyCheckpoint';
import { connectEngine } from '../../engineConnection';
import { resetStore } from '../../store';
import { configureLab, startLab } from '../labActions';
import { memoryLabStorage, type LabStorage } from '../labStorage';

export interface TestLab {
  client: EngineClient;
  storage: LabStorage;
  shipped: ArrayBuffer;
}

/** Starts the lab as a page load does: fresh store and engine, the given storage (memory by default). */
export async function startTestLab(shipped: ArrayBuffer, storage: LabStorage = memoryLabStorage(), start = true): Promise<TestLab> {
  resetStore();
  const client = new EngineClient({ createWorker: () => new InProcessWorker() });
  connectEngine(client);
  configureLab({ storage, fetchShipped: async () => shipped });
  if (start) await startLab();
  return { client, storage, shipped };
}

/** A tiny checkpoint whose metadata says whatever the test wants, types included (a crafted file). */
export async function checkpointWithMeta(meta: Partial<Record<keyof TrainingMeta, unknown>>, seed = 5): Promise<ArrayBuffer> {
  const contents = decodeCheckpoint(new Uint8Array(await tinyCheckpoint('tiny', seed)));
  contents.meta = { ...contents.meta, ...meta } as TrainingMeta;
  return encodeCheckpoint(contents).slice().buffer as ArrayBuffer;
}

export const fileOf = (bytes: ArrayBuffer | Uint8Array<ArrayBuffer>, name: string) => Object.assign(new Blob([bytes]), { name });
