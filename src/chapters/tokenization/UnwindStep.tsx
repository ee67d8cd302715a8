// Step 4: unwind a token. The reader's text is cut by their trained BPE, GPT-2 and GPT-4o; picking any token asks the
// worker for its merge tree back to bytes, with each merge's rank. The trained BPE's vocabulary can be searched and
// sorted, and any of its tokens unwound from there.
import { useMemo, useState } from 'react';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { TokenStrip } from '../../viz/TokenStrip';
import { MergeTree } from './MergeTree';
import { useTrainedTokenizer } from './trainedTokenizer';
import { VocabularyBrowser } from './VocabularyBrowser';

type Source = 'bpe' | 'gpt2' | 'gpt4o';
const names: Record<Source, string> = { bpe: 'Your BPE', gpt2: 'GPT-2 (r50k)', gpt4o: 'GPT-4o (o200k)' };

export function UnwindStep() {
  const text = useStore((s) => s.knobs.tokText);
  const trained = useTrainedTokenizer();
  const [picked, setPicked] = useState<{ source: Source; id: number; index?: number } | null>(null);
  const treeParams = useMemo(
    () => (picked ? { tokenizer: picked.source, id: picked.id, json: picked.source === 'bpe' ? trained?.json : undefined } : null),
    [picked, trained],
  );
  const tree = useEngineQuery('unwindToken', treeParams, { needsModel: false, debounceMs: 0 });

  return (
    <>
      <p>
        Every token of a byte-pair encoding is two older tokens joined, and those were joined from older ones, down to
        single bytes. Pick a token below to see the merges that made it, each with its rank: the order in which training
        learned it. Tokens learned early (low ranks) are the commonest pieces of the training text.
      </p>
      {text.length === 0 && <p className="notice" role="status">Your text (first step) is empty: type something there to pick tokens from it.</p>}
      {!trained && (
        <p className="notice" role="status">
          Train a BPE in the step above to unwind your own tokens; GPT-2's and GPT-4o's are here already.
        </p>
      )}
      {text.length > 0 && (
        <div className="tok-views">
          {trained && <PickStrip source="bpe" text={text} json={trained.json} picked={picked} onPick={setPicked} />}
          <PickStrip source="gpt2" text={text} picked={picked} onPick={setPicked} />
          <PickStrip source="gpt4o" text={text} picked={picked} onPick={setPicked} />
        </div>
      )}
      {tree.error && (
        <p className="notice notice-error" role="alert">
          {tree.error}
        </p>
      )}
      <div aria-live="polite">{picked && tree.result && <MergeTree tree={tree.result} tokenizerName={names[picked.source]} />}</div>
      {trained && <VocabularyBrowser trained={trained} onUnwind={(id) => setPicked({ source: 'bpe', id })} />}
    </>
  );
}

interface PickStripProps {
  source: Source;
  text: string;
  json?: unknown;
  picked: { source: Source; index?: number } | null;
  onPick: (picked: { source: Source; id: number; index: number }) => void;
}

function PickStrip({ source, text, json, picked, onPick }: PickStripProps) {
  const params = useMemo(() => ({ text, tokenizer: source, json }), [text, source, json]);
  const { result, error } = useEngineQuery('tokenize', params, { needsModel: false });
  const tokens = useMemo(() => (result ? Array.from(result.ids.subarray(0, 300), (id) => ({ id, label: result.labels[id] })) : []), [result]);
  return (
    <section className="tok-view" data-view={source}>
      <h3 className="tok-view-name">{names[source]}</h3>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
      {result && (
        <TokenStrip
          tokens={tokens}
          label={source === 'bpe' ? 'Pick a token of your BPE to unwind' : `Pick a ${names[source]} token to unwind`}
          selectedIndex={picked?.source === source ? picked.index : undefined}
          onSelect={(index) => onPick({ source, id: tokens[index].id, index })}
        />
      )}
    </section>
  );
}
