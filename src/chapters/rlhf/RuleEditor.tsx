// The classroom rater's rule: one of three ready-made ones, or the reader's own in the rule language
// (engine/rlhf/ruleLanguage.ts). Whatever it is, it is shown as code with what each name in it means; a rule that
// does not parse is pointed at (the mistake's position marked under it) and the rater waits until it does.
import { Knob } from '../../components/Knob';
import { FUNCTIONS, MEASURES, RuleSyntaxError } from '../../engine/rlhf/ruleLanguage';
import { parseTextRule, ruleAsCode, ruleSource, type TextRule } from '../../engine/rlhf/textRater';
import { setKnob } from '../../state/actions';
import { useStore } from '../../state/store';
import { selectRuleName } from './session';

export type ParsedRule = { rule: TextRule; error: null } | { rule: null; error: { message: string; position: number | null } };

export function parseRuleName(name: string): ParsedRule {
  try {
    return { rule: parseTextRule(name), error: null };
  } catch (error) {
    return { rule: null, error: { message: (error as Error).message, position: error instanceof RuleSyntaxError ? error.position : null } };
  }
}

export function RuleEditor({ parsed }: { parsed: ParsedRule }) {
  const kind = useStore((s) => s.knobs.rlRule);
  const source = useStore((s) => s.knobs.rlExpr);
  const name = useStore(selectRuleName);
  // A ready-made rule, written out in the rule language, to change from there.
  const editThis = () => {
    if (!parsed.rule) return;
    setKnob('rlExpr', ruleSource(parsed.rule));
    setKnob('rlRule', 'expr');
  };
  return (
    <>
      <div className="rl-knobs">
        <Knob id="rlRule" />
        {(kind === 'theme' || kind === 'mix') && <Knob id="rlTheme" />}
        {kind === 'expr' && <Knob id="rlExpr" />}
      </div>
      {parsed.error ? (
        <div className="notice notice-error" role="alert">
          <p>{kind === 'expr' ? 'The rule does not read yet. ' : ''}{parsed.error.message}</p>
          {kind === 'expr' && parsed.error.position !== null && (
            <pre className="rl-code" data-testid="rule-error-mark" aria-hidden="true">{`${source}\n${' '.repeat(parsed.error.position)}^`}</pre>
          )}
        </div>
      ) : (
        <pre className="rl-code" aria-label="The rater's rule as code" data-rule={name}>{ruleAsCode(parsed.rule)}</pre>
      )}
      {kind !== 'expr' && parsed.rule && (
        <button type="button" onClick={editThis}>Write this rule yourself</button>
      )}
      {kind === 'expr' && (
        <details className="rl-rule-help">
          <summary>What a rule can say</summary>
          <ul>
            {Object.entries(MEASURES).map(([n, meaning]) => <li key={n}><code>{n}</code>: {meaning}</li>)}
            {Object.entries(FUNCTIONS).map(([n, f]) => (
              <li key={n}><code>{n}({f.args === 'one' ? '"…"' : '"…", "…"'})</code>: {f.meaning}</li>
            ))}
            <li>Numbers, <code>+ - * /</code> and brackets; <code>&lt; &lt;= &gt; &gt;= == !=</code> give 1 when true, else 0. Dividing by 0 gives 0.</li>
            <li>For example <code>2*contains("love") - length/100</code>, <code>words("thee", "thou") + rhymes</code>, <code>length &lt; 40</code>.</li>
          </ul>
        </details>
      )}
    </>
  );
}
