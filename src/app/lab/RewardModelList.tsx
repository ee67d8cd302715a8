// The reward models the reader trained, folded under their count, each with its lineage: the language model it
// is a copy of, the ratings it learned (how many by the reader, how many by a scripted rater, how many since
// deleted) and how well it ranked the pairs it never saw. Export (a lab file, lineage included) and delete.
import { deleteRewardModel, exportRewardModel } from '../../state/lab/labRewardModels';
import { say } from '../../state/lab/labContext';
import type { LabRewardModel } from '../../state/slices/lab';
import { useStore } from '../../state/store';
import { asDate, asText, attempt, download } from './display';

const reportError = (text: string) => say(text, true);

/** "8 ratings (3 by you, 5 by a scripted rater; 1 since deleted)". */
function describeRatings(rm: LabRewardModel, raterOf: Map<string, string>): string {
  const ids = rm.reward.ratingIds;
  const raters = ids.map((id) => raterOf.get(id));
  const byYou = raters.filter((r) => r === 'person').length;
  const scripted = raters.filter((r) => r !== undefined && r !== 'person').length;
  const gone = ids.length - byYou - scripted;
  const parts = [byYou && `${byYou} by you`, scripted && `${scripted} by a scripted rater`].filter(Boolean).join(', ');
  return `${ids.length} rating${ids.length === 1 ? '' : 's'}${parts ? ` (${parts}${gone ? `; ${gone} since deleted` : ''})` : gone ? ' (since deleted)' : ''}`;
}

export function RewardModelList() {
  const rewardModels = useStore((s) => s.rewardModels);
  const checkpoints = useStore((s) => s.checkpoints);
  const ratings = useStore((s) => s.ratings);
  const raterOf = new Map(ratings.map((r) => [r.id, r.rater]));
  return (
    <details className="lab-collection">
      <summary>Reward models ({rewardModels.length})</summary>
      {rewardModels.length === 0 ? (
        <p className="option-detail">None yet: the RLHF chapter trains one on your ratings.</p>
      ) : (
        <ul className="checkpoint-list" aria-label="Reward models">
          {rewardModels.map((rm) => {
            const base = checkpoints.find((c) => c.key === rm.parent);
            const accuracy = rm.reward.heldOutAccuracy;
            return (
              <li key={rm.key}>
                <span>
                  <strong>{asText(rm.label)}</strong>{' '}
                  <span className="option-detail">
                    — a copy of {base ? `“${asText(base.label)}”` : 'a model since deleted'}, learned {describeRatings(rm, raterOf)};{' '}
                    {accuracy === null ? 'none held out' : `${Math.round(accuracy * 100)} % of ${rm.reward.heldOutPairs} held-out pairs ranked the rater's way`},{' '}
                    {asDate(rm.createdAt)}
                  </span>
                </span>
                <span className="button-row">
                  <button type="button" aria-label={`Export ${asText(rm.label)}`} onClick={() => void attempt(async () => download(await exportRewardModel(rm.key)), reportError)}>
                    Export
                  </button>
                  <button type="button" aria-label={`Delete ${asText(rm.label)}`} onClick={() => void attempt(() => deleteRewardModel(rm.key), reportError)}>
                    Delete
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </details>
  );
}
