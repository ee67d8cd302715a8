// The names main.tsx and the chapters' tests import the lab's storage by; the storage itself is labStorage.ts
// (interface, memory) and indexedDbStorage.ts (IndexedDB).
export { memoryLabStorage as memoryCheckpointStore, type LabStorage as CheckpointStore } from './labStorage';
export { browserLabStorage as browserCheckpointStore } from './indexedDbStorage';
