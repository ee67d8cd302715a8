// The reader's RLHF ratings as supervised examples: for each rated prompt, the continuation they wrote themselves
// (`better`) or else the one they chose; ties and skipped pairs teach nothing. Fine-tuning on them is what
// "supervised fine-tuning on demonstrations" means: learn to write what a person preferred.
import type { RatingRecord } from '../../state/lab/records';
import type { FineTuneExample } from '../../workers/handlers/train';

export function ratingsAsExamples(ratings: readonly RatingRecord[]): FineTuneExample[] {
  return ratings.flatMap((r) => {
    const response = r.better?.trim() ? r.better : r.choice === 'a' ? r.a : r.choice === 'b' ? r.b : null;
    return response && r.prompt ? [{ prompt: r.prompt, response }] : [];
  });
}
