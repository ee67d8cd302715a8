// Boots the whole app in a test DOM at any address (`#/attention/heads?prompt=…`), as a reader arriving by link
// would: hash sync, store, and (unless `engine: false`) an in-process engine worker with a tiny shipped model in
// the lab, on the js backend. Chapter tests start from here; `cleanup` undoes it (RTL unmounts by itself).
import { act, render, screen } from '@testing-library/react';
import { vi } from 'vitest';
import { App } from '../app/App';
import { chapterLoader } from '../app/chapterModules';
import { chooseBackend, setEngineHealth } from '../state/engineActions';
import { connectEngine } from '../state/engineConnection';
import { startHashSync } from '../state/hashSync';
import { memoryCheckpointStore, type CheckpointStore } from '../state/lab/checkpointStore';
import { configureLab, startLab } from '../state/lab/labActions';
import { resetStore } from '../state/store';
import { parseHash } from '../state/urlHash';
import { EngineClient } from '../workers/engineClient';
import { InProcessWorker } from '../workers/testing/inProcessWorker';
import { tinyCheckpoint } from '../workers/testing/tinyCheckpoint';

export interface BootOptions {
  /** Connect an engine and load a shipped model (default true). */
  engine?: boolean;
  /** The shipped model's bytes (default: a tiny char-level checkpoint). */
  shipped?: ArrayBuffer;
  /** The lab's storage (default: a fresh memory one); pass the same one twice to test a reload. */
  storage?: CheckpointStore;
}

export interface BootedApp {
  client: EngineClient | null;
  cleanup: () => void;
}

export async function bootApp(hash: string, { engine = true, shipped, storage }: BootOptions = {}): Promise<BootedApp> {
  window.scrollTo = vi.fn() as unknown as typeof window.scrollTo;
  // jsdom has no canvas: figures fall back to their tables and labels.
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as typeof HTMLCanvasElement.prototype.getContext;
  resetStore();
  // The first import of a chapter (KaTeX and all) can outlast findBy's wait on a busy machine: load it first.
  await chapterLoader(parseHash(hash).chapterId)?.();

  let client: EngineClient | null = null;
  if (engine) {
    const bytes = shipped ?? (await tinyCheckpoint('shipped', 3));
    client = new EngineClient({ createWorker: () => new InProcessWorker(), onHealth: setEngineHealth });
    connectEngine(client);
    configureLab({ storage: storage ?? memoryCheckpointStore(), fetchShipped: async () => bytes });
  }
  history.replaceState(null, '', `/${hash}`);
  const stopSync = startHashSync(window);
  await act(async () => {
    render(<App />);
  });
  if (client) {
    await act(async () => {
      await Promise.all([chooseBackend('js'), startLab()]);
    });
  }
  await screen.findByRole('heading', { level: 1 });
  return {
    client,
    cleanup: () => {
      stopSync();
      client?.dispose();
      connectEngine(null);
    },
  };
}
