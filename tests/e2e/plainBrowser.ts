// Chromium driven over a bare DevTools pipe (--remote-debugging-pipe), for the first-visit figure (perf.spec.ts).
// Playwright attaches to every new worker paused (waitForDebuggerOnStart) and lets it run only once its client has
// set the worker up: measured on this 2-core machine, 0.05–0.55 s per worker against 0.03–0.05 s without, and a
// first visit starts three (the engine and its two wasm threads). A reader's browser pauses none, so the figure is
// taken here with workers attached unpaused, only to read their start-up spans at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

interface Reply { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string }

export class PlainBrowser {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners: Array<(m: Reply) => void> = [];

  private constructor(private readonly child: ChildProcess, private readonly profile: string) {
    const input = child.stdio[4] as Readable;
    let pending = '';
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      const parts = (pending + chunk).split('\0');
      pending = parts.pop()!;
      for (const part of parts) this.receive(JSON.parse(part) as Reply);
    });
  }

  /** A fresh browser with a fresh profile (no cache, no service worker). */
  static launch(executable: string, args: readonly string[]): PlainBrowser {
    const profile = mkdtempSync(join(tmpdir(), 'tbt-plain-'));
    const child = spawn(executable, ['--headless=new', '--remote-debugging-pipe', `--user-data-dir=${profile}`, ...args, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    return new PlainBrowser(child, profile);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(listener: (message: Reply) => void): void {
    this.listeners.push(listener);
  }

  /** Evaluates `expression` (JSON-serialisable result) in a page or worker session. */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
    const { result, exceptionDetails } = r as { result: { value: T }; exceptionDetails?: { text: string } };
    if (exceptionDetails) throw new Error(`evaluate failed: ${exceptionDetails.text}`);
    return result.value;
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => {});
    await new Promise((resolve) => (this.child.exitCode !== null ? resolve(null) : this.child.once('exit', resolve)));
    rmSync(this.profile, { recursive: true, force: true });
  }

  private receive(message: Reply): void {
    if (message.id !== undefined) {
      const w = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) w?.reject(new Error(message.error.message));
      else w?.resolve(message.result ?? {});
    } else for (const l of this.listeners) l(message);
  }
}

/**
 * Opens a page in `browser` with `initScript` run before the page's own scripts and every worker it starts attached
 * without pausing; returns the page's session and the sessions of its workers (other than blob: ones).
 */
export async function openPlainPage(browser: PlainBrowser, url: string, initScript: string) {
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' }) as { targetId: string };
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true }) as { sessionId: string };
  const workers: string[] = [];
  browser.on((m) => {
    const info = m.params?.targetInfo as { type: string; url: string } | undefined;
    if (m.method === 'Target.attachedToTarget' && m.sessionId === sessionId && info?.type === 'worker' && !info.url.startsWith('blob:')) {
      workers.push(m.params!.sessionId as string);
    }
  });
  await browser.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, sessionId);
  await browser.send('Page.enable', {}, sessionId);
  await browser.send('Page.addScriptToEvaluateOnNewDocument', { source: initScript }, sessionId);
  // A browser just launched is still starting its services; Playwright's, launched once for the file, has settled.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await browser.send('Page.navigate', { url }, sessionId);
  return { sessionId, workers };
}
