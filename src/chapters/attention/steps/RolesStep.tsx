// Step 3: what each head does, measured on a validation passage: the share of its attention on the previous token,
// the token itself, the first token, the start of the line and the token after an earlier copy (induction), each
// beside what even spreading would give. Labels come from those numbers, never from a guess.
import { useMemo } from 'react';
import { ModelStatus } from '../../../components/ModelStatus';
import { useStore } from '../../../state/store';
import { useEngineQuery } from '../../../state/useEngineQuery';
import type { HeadRole, RoleName } from '../../../workers/handlers/attentionMaps';
import { roleLabels, roleNames } from '../roleLabels';
import { formatPercent } from '../../../viz/Bars';
import { Heatmap } from '../../../viz/Heatmap';
import { EngineError } from '../Notices';
import { headName } from '../headSwitches';
import { useValidationPassage } from '../useAttentionChoice';

const roles = roleNames.map((id) => ({ id, label: roleLabels[id] }));

const roleLabel = (role: RoleName | null) => (role ? roleLabels[role] : 'mixed (no role stands out)');

export function RolesStep() {
  const key = useStore((s) => s.activeKey);
  const passage = useValidationPassage();
  const text = passage.result?.text ?? null;
  const params = useMemo(() => (text ? { key, text } : null), [key, text]);
  const maps = useEngineQuery('attentionMaps', params);
  const heads = maps.result?.roles ?? [];

  return (
    <>
      <p>
        People describe heads as “the previous-token head” or “an induction head”. Here such labels are measured: on a
        passage the model never trained on, each head's average share of attention on each kind of target, beside
        what spreading attention evenly over the visible tokens would give. A head is labelled by the target it favours
        most above even spreading, and only when that share is at least 10% and at least three times the even one.
      </p>
      <ModelStatus />
      <EngineError error={passage.error ?? maps.error} />
      {passage.result && (
        <details>
          <summary>The passage ({passage.result.source}, characters {passage.result.from}–{passage.result.to}, from the validation part)</summary>
          <pre className="att-sample">{passage.result.text}</pre>
        </details>
      )}
      {maps.result && (
        <div aria-busy={maps.isComputing}>
          <p>
            Measured over all {maps.result.roleTokens} tokens of the passage
            {maps.result.roleTokens > maps.result.tokens.length ? `, read ${maps.result.tokens.length} tokens (one context) at a time` : ''}.
          </p>
          <Heatmap
            title="Share of each head's attention on each kind of token"
            source={{ kind: 'live' }}
            values={heads.flatMap((h) => roles.map((r) => h.share[r.id] ?? 0))}
            mask={heads.flatMap((h) => roles.map((r) => h.share[r.id] === null))}
            rows={heads.length}
            columns={roles.length}
            rowLabels={heads.map((h) => headName(h.layer, h.head))}
            columnLabels={roles.map((r) => r.label)}
            kind="sequential"
            concept="attention"
            valueLabel="share of attention"
            description="Each head's mean share of attention on the previous token, itself, the first token, its line's start and the induction target"
            rowTitle="head"
            columnTitle="target"
            domain={[0, 1]}
          />
          <RoleTable heads={heads} />
        </div>
      )}
    </>
  );
}

function RoleTable({ heads }: { heads: readonly HeadRole[] }) {
  return (
    <div className="att-numbers" tabIndex={0} role="region" aria-label="Measured head roles">
      <table>
        <caption>Each head's shares (even spreading in brackets) and the label they earn</caption>
        <thead>
          <tr>
            <th scope="col">head</th>
            {roles.map((r) => (
              <th scope="col" key={r.id}>
                {r.label}
              </th>
            ))}
            <th scope="col">label</th>
          </tr>
        </thead>
        <tbody>
          {heads.map((h) => (
            <tr key={`${h.layer}.${h.head}`} data-testid="att-role-row">
              <th scope="row">{headName(h.layer, h.head)}</th>
              {roles.map((r) => (
                <td key={r.id}>
                  {h.share[r.id] === null ? '–' : `${formatPercent(h.share[r.id]!)} (${formatPercent(h.uniform[r.id]!)})`}
                </td>
              ))}
              <td>{roleLabel(h.label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
