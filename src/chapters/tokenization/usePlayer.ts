// The merge player's cursor: how many of the merges made so far are shown. Playing moves it at a chosen number of
// merges a second (the worker trains ahead at its own pace); step moves one and pauses; the cursor never passes
// the merges that exist.
import { useEffect, useState } from 'react';

export const speeds = [1, 5, 25, 100, Infinity] as const;
export type Speed = (typeof speeds)[number];

export function usePlayer(available: number) {
  const [shown, setShown] = useState(0);
  const [isPlaying, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(5);

  useEffect(() => {
    if (!isPlaying) return;
    if (speed === Infinity) {
      setShown(available);
      return;
    }
    const intervalMs = Math.max(40, 1000 / speed);
    const stride = Math.max(1, Math.round((speed * intervalMs) / 1000));
    const timer = setInterval(() => setShown((s) => Math.min(available, s + stride)), intervalMs);
    return () => clearInterval(timer);
  }, [isPlaying, speed, available]);

  const clamped = Math.min(shown, available);
  return {
    shown: clamped,
    isPlaying,
    speed,
    setSpeed,
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    step: () => {
      setPlaying(false);
      setShown(Math.min(available, clamped + 1));
    },
    showAll: () => {
      setPlaying(false);
      setShown(available);
    },
    restart: () => {
      setShown(0);
      setPlaying(true);
    },
  };
}
