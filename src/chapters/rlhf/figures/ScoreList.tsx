// Texts with the reward model's score, highest first, in a frame with their numbers as a table.
import { FigureFrame } from '../../../viz/FigureFrame';

interface ScoreListProps {
  title: string;
  prompt: string;
  texts: readonly string[];
  scores: readonly number[];
}

export function ScoreList({ title, prompt, texts, scores }: ScoreListProps) {
  const rows = texts.map((text, i) => ({ text, score: scores[i] })).sort((a, b) => b.score - a.score);
  return (
    <FigureFrame
      title={title}
      source={{ kind: 'live' }}
      table={() => ({ columns: ['prompt', 'answer', 'reward'], rows: rows.map((r) => [prompt, r.text, r.score]) })}
      caption="A reward is a score to compare, not a probability: only the differences mean anything."
    >
      <ol className="rl-scores" aria-label="Answers by reward">
        {rows.map((r, i) => (
          <li key={i}><strong>{r.score.toFixed(2)}</strong> <span className="rl-text">{r.text}</span></li>
        ))}
      </ol>
    </FigureFrame>
  );
}
