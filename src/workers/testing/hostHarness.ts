// Drives the engine host directly, as the worker's message port would: send a request, read its progress, wait for
// its one result or error. The backend is js float32; `lost` holds the callbacks a lost GPU would call.
import { createJsBackend } from '../../engine';
import { createEngineHost } from '../engineHost';
import type { FromWorker, MethodName, ParamsOf, ResultOf } from '../protocol';

export type Answer = Extract<FromWorker, { kind: 'result' | 'error' }>;

export function hostHarness() {
  const messages: FromWorker[] = [];
  const lost: ((reason: string) => void)[] = [];
  const host = createEngineHost(
    (m) => messages.push(m),
    async (choice, _progress, onLost) => {
      lost.push(onLost);
      return { backend: createJsBackend('float32'), report: { name: 'js', description: 'js', reason: `asked for ${choice}`, options: [] } };
    },
  );
  let id = 0;
  const call = <M extends MethodName>(method: M, params: ParamsOf<M>) => {
    const requestId = ++id;
    host.receive({ kind: 'request', id: requestId, method, params } as never);
    return {
      id: requestId,
      done: (async () => {
        for (;;) {
          const answer = messages.find((m) => 'id' in m && m.id === requestId && (m.kind === 'result' || m.kind === 'error'));
          if (answer) return answer as Answer;
          await new Promise((r) => setTimeout(r, 1));
        }
      })(),
      progress: () => messages.filter((m) => m.kind === 'progress' && m.id === requestId).map((m) => (m as { progress: unknown }).progress),
    };
  };
  const result = async <M extends MethodName>(method: M, params: ParamsOf<M>) => {
    const answer = await call(method, params).done;
    if (answer.kind === 'error') throw new Error(`${answer.error.name}: ${answer.error.message}`);
    return answer.result as ResultOf<M>;
  };
  return { host, messages, call, result, lost };
}
