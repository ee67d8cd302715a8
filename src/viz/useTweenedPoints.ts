// The points a map draws while it moves from one set of positions to the next (a contextual map stepping from one
// depth to another): d3-interpolated over `ms` with cubic easing on d3's timer (one update per animation frame),
// ending exactly on the target. `ms` 0 (reduced motion, or a map that should not tween) jumps at once.
import { easeCubicInOut, timer } from 'd3';
import { useEffect, useRef, useState } from 'react';
import { interpolatePoints, type ScatterPoint } from './scatterLayout';

export function useTweenedPoints(points: readonly ScatterPoint[], ms: number): readonly ScatterPoint[] {
  const [shown, setShown] = useState(points);
  const current = useRef(points); // what is on screen now, where the next tween starts from
  useEffect(() => {
    const from = current.current;
    if (ms <= 0 || from === points || from.length === 0) {
      current.current = points;
      setShown(points);
      return;
    }
    const at = interpolatePoints(from, points);
    const clock = timer((elapsed) => {
      const progress = Math.min(1, elapsed / ms);
      const next = at(easeCubicInOut(progress)); // progress 1: `points` itself
      current.current = next;
      setShown(next);
      if (progress >= 1) clock.stop();
    });
    return () => clock.stop();
  }, [points, ms]);
  // Without a tween the new points are drawn in the same render, never a frame late.
  return ms > 0 ? shown : points;
}
