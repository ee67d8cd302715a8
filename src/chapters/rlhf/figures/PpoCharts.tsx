// PPO's live curves, grouped so each chart answers one question: is the reward rising, and at what drift (KL,
// on its own scale)?
// Are updates being clipped, and is the policy getting surer (entropy)? Are the losses sane? For reward hacking,
// the reward beside the text's diversity and its loss on plain held-out text.
import type { PpoProgress } from '../../../workers/handlers/ppo';
import { Curves } from './Curves';

interface PpoChartsProps {
  history: readonly PpoProgress[];
  planned: number;
  /** 'training': the three PPO charts; 'hacking': reward beside diversity and held-out loss. */
  view: 'training' | 'hacking';
  titleSuffix?: string;
  isStored?: boolean;
}

const iter = (r: PpoProgress) => r.iter;

export function PpoCharts({ history, planned, view, titleSuffix = '', isStored }: PpoChartsProps) {
  const common = { records: history, x: iter, xLabel: 'iteration', planned, isStored };
  if (view === 'hacking') {
    return (
      <>
        <Curves {...common} title={`Reward${titleSuffix}`} yLabel="mean reward" curves={[{ id: 'reward', label: 'mean reward', concept: 'reward', value: (r) => r.reward }]} />
        <Curves
          {...common}
          title={`What the text pays for it${titleSuffix}`}
          yLabel="distinct-2 · loss (nats)"
          curves={[
            { id: 'distinct', label: 'distinct bigrams (1 = never repeats)', concept: 'token', value: (r) => r.distinct2 },
            { id: 'val', label: 'loss on plain held-out text', concept: 'loss', value: (r) => r.valLoss, dashed: true },
          ]}
          caption="Distinct-2: the share of the answers' token pairs that differ. The held-out loss: how well the model still predicts ordinary Shakespeare."
        />
      </>
    );
  }
  return (
    <>
      <Curves
        {...common}
        title={`Reward and KL${titleSuffix}`}
        yLabel="mean reward"
        curves={[{ id: 'reward', label: 'mean reward', concept: 'reward', value: (r) => r.reward }]}
        caption="The reward's own scale (a reward model's is arbitrary); what matters is that it rises. KL is plotted below on its own scale."
      />
      <Curves
        {...common}
        title={`KL to the reference${titleSuffix}`}
        yLabel="KL (nats per answer)"
        curves={[{ id: 'kl', label: 'KL to the reference', concept: 'attention', value: (r) => r.kl }]}
        caption="The mean over answers of Σ (log π − log π_ref) over their tokens; 0 while the policy equals the reference. A sample estimate, so it can dip below 0."
      />
      <Curves
        {...common}
        title={`Clipping and entropy${titleSuffix}`}
        yLabel="share · nats"
        curves={[
          { id: 'clip', label: 'clip fraction', concept: 'probability', value: (r) => r.clipFraction },
          { id: 'entropy', label: 'entropy per token', concept: 'token', value: (r) => r.entropy, dashed: true },
        ]}
        caption="Clip fraction: token updates whose ratio π/π_old left [1 − ε, 1 + ε]. Entropy falls as the policy grows surer."
      />
      <Curves
        {...common}
        title={`Policy and value loss${titleSuffix}`}
        yLabel="loss"
        curves={[
          { id: 'policy', label: 'policy loss (clipped objective)', concept: 'loss', value: (r) => r.policyLoss },
          { id: 'value', label: 'value loss', concept: 'vector', value: (r) => r.valueLoss, dashed: true },
        ]}
      />
    </>
  );
}
