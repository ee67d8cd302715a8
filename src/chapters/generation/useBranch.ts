// The branch the reader is walking: the token ids generated after the prompt (kept in the URL as the `branch` knob)
// and, for each of them, the distribution it was drawn from. Every change re-runs the engine's generate with the
// branch as `forced` ids, so the distributions shown are always the ones the engine computed for this prompt,
// temperature and seed, and a draw at position t is the same whether it came from "Next token" or "Play".
import { useCallback, useEffect, useRef, useState } from 'react';
import { setKnob } from '../../state/actions';
import { useStore } from '../../state/store';
import { useEngineStream } from '../../state/useEngineStream';
import type { GeneratedToken } from '../../workers/handlers/generate';

export const topCount = 10;

/** "12, 5,7" → [12, 5, 7]; an empty text is an empty branch; anything else is a message. */
export function parseBranch(text: string): number[] | string {
  if (text.trim() === '') return [];
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) return `The branch in the link (“${text.slice(0, 40)}”) is not a list of token ids; generation starts afresh.`;
  return parts.map(Number);
}

/** The sampling settings of the knobs, as the engine takes them (greedy is temperature 0). */
export function decodingOf(k: { greedy: boolean; temperature: number; topK: number; topP: number; minP: number }) {
  return { temperature: k.greedy ? 0 : k.temperature, topK: k.topK, topP: k.topP, minP: k.minP };
}

export interface BranchView {
  tokens: GeneratedToken[];
  isRunning: boolean;
  error: string | null;
  /** Why the last play ended before its maximum length (the stop sequence), or null. */
  stopNotice: string | null;
  /** Draws `count` more tokens after the branch (0: recompute the branch's distributions only). */
  extend: (count: number) => void;
  /** Takes `id` at step `at` instead of what was drawn there; what came after is dropped from the branch. */
  branchAt: (at: number, id: number) => void;
  /** Walks these ids instead (a path not taken, up to the step the reader picked). */
  follow: (ids: number[]) => void;
  stop: () => void;
  reset: () => void;
}

export function useBranch(): BranchView {
  const prompt = useStore((s) => s.knobs.prompt);
  const seed = useStore((s) => s.knobs.seed);
  const decoding = useStore((s) => JSON.stringify(decodingOf(s.knobs)));
  const key = useStore((s) => s.activeKey);
  const isLabReady = useStore((s) => s.labStatus === 'ready');
  const [tokens, setTokens] = useState<GeneratedToken[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);
  const collected = useRef<GeneratedToken[]>([]);
  const stream = useEngineStream('generate', {
    onProgress: (token) => {
      collected.current.push(token);
      setTokens([...collected.current]);
    },
    onRetry: () => {
      collected.current = [];
      setTokens([]);
    },
  });
  const { start, cancel } = stream;

  const run = useCallback(async (forced: number[], extra: number) => {
    collected.current = [];
    setTokens([]);
    setNote(null);
    setStopped(null);
    if (forced.length + extra === 0) return;
    const { knobs } = useStore.getState();
    // Only new draws can meet the stop sequence; recomputing a branch (extra 0) never stops early.
    const stop = extra > 0 && knobs.genStop !== '' ? knobs.genStop : undefined;
    await start({ key, text: knobs.prompt, forced, maxNewTokens: forced.length + extra, seed: knobs.seed, topCount, stop, ...decodingOf(knobs) });
    if (stop !== undefined && collected.current.at(-1)?.completesStop) {
      setStopped(`Stopped: the text reached the stop sequence “${stop}” after ${collected.current.length - forced.length} new tokens.`);
    }
    // Done or stopped, what was generated stays (an engine error leaves no tokens, and the branch as it was).
    if (collected.current.length > 0 || forced.length === 0) setKnob('branch', collected.current.map((t) => t.id).join(','));
  }, [key, start]);

  const currentBranch = (): number[] => {
    const parsed = parseBranch(useStore.getState().knobs.branch);
    return typeof parsed === 'string' ? [] : parsed;
  };

  // A new prompt starts a new branch; new decoding settings, seed or model recomputes the same tokens' distributions.
  // A run the reader started is left alone by anything else (the lab finishing its start, say): clearing its tokens
  // mid-run would drop the ones already drawn.
  const isRunning = useRef(false);
  isRunning.current = stream.status === 'running';
  const lastPrompt = useRef(prompt);
  useEffect(() => {
    if (!isLabReady) return;
    if (isRunning.current && lastPrompt.current === prompt) return;
    if (lastPrompt.current !== prompt) {
      lastPrompt.current = prompt;
      setKnob('branch', '');
      void run([], 0);
      return;
    }
    const parsed = parseBranch(useStore.getState().knobs.branch);
    if (typeof parsed === 'string') {
      setKnob('branch', '');
      void run([], 0).then(() => setNote(parsed));
      return;
    }
    void run(parsed, 0);
  }, [isLabReady, prompt, seed, decoding, run]);

  return {
    tokens,
    isRunning: stream.status === 'running',
    error: stream.error ?? note,
    stopNotice: stopped,
    extend: (count) => void run(currentBranch(), count),
    branchAt: (at, id) => void run([...currentBranch().slice(0, at), id], 0),
    follow: (ids) => void run(ids, 0),
    stop: cancel,
    reset: () => {
      setKnob('branch', '');
      void run([], 0);
    },
  };
}
