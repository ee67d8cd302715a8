// What is real on this page and how it differs from GPT-4o, in plain words; our model's figures are read from
// the active checkpoint, not written in.
import { formatCount } from '../../components/ModelStatus';
import { useStore } from '../../state/store';

export function RealStep() {
  const active = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey));
  const size = active
    ? `${formatCount(active.summary.parameters)} numbers (parameters): ${active.summary.config.nLayer} layers, ${active.summary.config.nHead} heads, vectors of ${active.summary.config.nEmbd}`
    : 'About a million numbers (parameters)';
  const context = active ? `${active.summary.config.blockSize} tokens` : 'about a hundred tokens';
  const vocabulary = active ? `${active.summary.tokenizer.vocabSize.toLocaleString('en')} tokens learned from Shakespeare` : 'A small vocabulary learned from Shakespeare';
  return (
    <>
      <p>
        Everything in the pipeline above is real: the tokens, vectors, attention weights and probabilities are
        computed in your browser, now, by a small transformer written for this book. Nothing is a recording or a
        drawing of what a model might do.
      </p>
      <table className="comparison">
        <caption>This book's model next to GPT-4o</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Aspect</span>
            </th>
            <th scope="col">This book's model</th>
            <th scope="col">GPT-4o</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Size</th>
            <td>{size}</td>
            <td>Not published; widely estimated at hundreds of billions</td>
          </tr>
          <tr>
            <th scope="row">Reading</th>
            <td>About one million characters of Shakespeare</td>
            <td>Trillions of tokens of web text, books and code, plus images and audio</td>
          </tr>
          <tr>
            <th scope="row">Tokens</th>
            <td>{vocabulary}</td>
            <td>About 200,000 tokens covering many languages</td>
          </tr>
          <tr>
            <th scope="row">Context</th>
            <td>Reads the last {context}</td>
            <td>About 128,000 tokens</td>
          </tr>
          <tr>
            <th scope="row">Tuning</th>
            <td>None: it only continues text (until you tune it in the RLHF chapter)</td>
            <td>Instruction tuning and reinforcement learning from human feedback</td>
          </tr>
          <tr>
            <th scope="row">Where it runs</th>
            <td>In this browser tab, on your device</td>
            <td>On data-centre GPUs</td>
          </tr>
        </tbody>
      </table>
      <p>
        The recipe is the same: tokens, vectors, attention, probabilities, one token at a time. The difference is
        scale, and scale is most of what makes GPT-4o fluent, knowledgeable and helpful where ours writes
        Shakespeare-flavoured nonsense.
      </p>
    </>
  );
}
