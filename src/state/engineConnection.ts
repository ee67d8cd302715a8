// The one engine client the app talks to. main.tsx connects the real worker; tests connect an in-process one.
import type { EngineClient } from '../workers/engineClient';

export type EngineCalls = Pick<EngineClient, 'call'>;

let client: EngineCalls | null = null;

export function connectEngine(engine: EngineCalls | null): void {
  client = engine;
}

export function engine(): EngineCalls {
  if (!client) throw new Error('The engine is not connected yet.');
  return client;
}

export function isEngineConnected(): boolean {
  return client !== null;
}
