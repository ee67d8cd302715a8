// The Overview: the simple explanation in four short steps (the librarian who has read every book), then the
// whole pipeline live on the reader's prompt, then a plain account of what is real here and what GPT-4o adds.
import { ChapterLink } from '../../components/ChapterLink';
import { Equation } from '../../components/Equation';
import { Term } from '../../components/Term';
import type { StepsOf } from '../card';
import type { overview } from './chapter';
import './chapter.css';
import { PipelineStep } from './PipelineStep';
import { RealStep } from './RealStep';

function Learning() {
  return (
    <>
      <p>
        Picture a librarian who has read every book in the library. Ask her to finish a sentence and she does not look
        anything up: she has read so much that she has a feel for what usually comes next.
      </p>
      <p>
        A language model is built the same way. It reads a great deal of text and, at every position in it, practises
        one task: <strong>guess what comes next</strong>. Every wrong guess nudges the many numbers inside it a
        little, so the next guess is less wrong. That nudging is <Term concept="loss">training</Term>, and how wrong
        the guesses are on average is the <Term concept="loss">loss</Term>.
      </p>
      <p>
        The model in this book read about a million characters of Shakespeare's plays. GPT-4o read a large slice of
        the public internet, books and code. <ChapterLink to="training">Training</ChapterLink> lets you watch a model
        learn.
      </p>
    </>
  );
}

function Context() {
  return (
    <>
      <p>
        First the text is cut into <Term concept="token">tokens</Term>: short pieces such as <q>ROM</q>, <q>EO</q> and{' '}
        <q>:</q>, each with an id number (<ChapterLink to="tokenization">Tokenization</ChapterLink>). Each token is
        then turned into a <Term concept="vector">vector</Term>, a list of numbers the model learned for it, plus
        a hint of its <Term concept="position">position</Term> (
        <ChapterLink to="embeddings">Embeddings &amp; position</ChapterLink>).
      </p>
      <p>
        A word's meaning depends on its neighbours: the <q>bank</q> of a river is not the bank that holds your money.
        <Term concept="attention"> Attention</Term> is the part of the model where each token looks back at the
        tokens before it and takes in what it needs from them. Its core is one line, which{' '}
        <ChapterLink to="attention">Attention</ChapterLink> unpacks:
      </p>
      <Equation display tex={String.raw`\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{QK^{\top}}{\sqrt{d}}\right) V`} />
    </>
  );
}

function Generating() {
  return (
    <>
      <p>
        The model never writes a whole answer at once. From the tokens so far it computes a{' '}
        <Term concept="probability">probability</Term> for every token it knows:
      </p>
      <Equation display tex={String.raw`P(x_{t+1} \mid x_1, x_2, \dots, x_t)`} />
      <p>
        One token is picked, usually a likely one, with a little randomness set by the <em>temperature</em>. It is
        appended to the text, and the whole computation runs again. A reply of a hundred tokens is a hundred such
        rounds. <ChapterLink to="generation">Generation</ChapterLink> shows the choices.
      </p>
    </>
  );
}

function Refining() {
  return (
    <>
      <p>
        A model that has only read text continues text; it does not yet answer helpfully. Chat models are then tuned:
        first on example conversations written by people, then with human feedback. People compare pairs of
        answers, a second model learns to predict which they prefer (its score is the{' '}
        <Term concept="reward">reward</Term>), and the language model is nudged toward answers with a higher reward.
        This is reinforcement learning from human feedback, RLHF.
      </p>
      <p>
        The librarian learns not just what the books say but how her readers like to be answered. The model in this
        book has had none of this tuning; in <ChapterLink to="rlhf">RLHF</ChapterLink> you give it yourself.
      </p>
    </>
  );
}

export const steps = {
  learning: Learning,
  context: Context,
  generating: Generating,
  refining: Refining,
  pipeline: PipelineStep,
  real: RealStep,
} satisfies StepsOf<typeof overview>;
