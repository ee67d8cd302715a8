import { choiceKnob, numberKnob, textKnob } from '../../state/knobs';
import { defineChapter } from '../card';

// Embeddings and position (issue 10): tokens become vectors, similar ones near each other; word2vec learns such
// vectors live; context changes them; and a model must be told where each token stands. README.md lists what is
// done. The reader's own text is the shared prompt; the rest are this chapter's knobs, prefixed `emb`.
export const embeddings = defineChapter({
  id: 'embeddings',
  title: 'Embeddings & position',
  summary: 'Each token becomes a vector; similar tokens sit near each other; position is added so order matters.',
  concept: 'vector',
  steps: [
    { id: 'lookup', title: 'A row of numbers per token' },
    { id: 'space', title: 'Tokens as points in space' },
    { id: 'word2vec', title: 'word2vec, trained live' },
    { id: 'context', title: 'Static and contextual vectors' },
    { id: 'dimensions', title: 'Space with many dimensions' },
    { id: 'positions', title: 'Telling the model where a token stands' },
    { id: 'order', title: 'Dog bites man' },
    { id: 'schemes', title: 'Four ways to give positions, compared' },
  ],
  sharedKnobs: ['prompt'],
  knobs: {
    embQuery: textKnob({
      label: 'Token to look around',
      help: 'Its nearest neighbours by cosine similarity in the full space are listed and marked on the map.',
      maxLength: 100,
      default: ' the',
    }),
    embW2vText: textKnob({
      label: 'Text for word2vec (leave empty for Tiny Shakespeare)',
      help: 'word2vec learns one vector per word from which words appear near which; a few lines are too few to learn from.',
      maxLength: 20_000,
      default: '',
    }),
    embW2vDim: numberKnob({
      label: 'word2vec dimensions',
      help: 'Numbers per word vector. Changes apply when you next press Play.',
      min: 2,
      max: 128,
      step: 1,
      default: 32,
    }),
    embW2vWindow: numberKnob({
      label: 'word2vec window',
      help: 'How many words either side count as context.',
      min: 1,
      max: 10,
      step: 1,
      default: 4,
    }),
    embW2vNegatives: numberKnob({
      label: 'word2vec negatives',
      help: 'Random words pushed away for each true pair.',
      min: 1,
      max: 20,
      step: 1,
      default: 5,
    }),
    embW2vWords: choiceKnob({
      label: 'Words on the map',
      help: 'The most frequent words drawn on the map (all words are trained).',
      options: [
        { value: '300', label: '300' },
        { value: '1000', label: '1,000' },
        { value: '5000', label: '5,000' },
      ],
      default: '300',
    }),
    embSentenceA: textKnob({
      label: 'First sentence',
      help: 'Use the word below in one sense here…',
      maxLength: 300,
      default: 'We sat on the bank of the river and watched the water.',
    }),
    embSentenceB: textKnob({
      label: 'Second sentence',
      help: '…and in another sense here.',
      maxLength: 300,
      default: 'She took her money to the bank to pay the rent.',
    }),
    embWord: textKnob({
      label: 'The word in both',
      help: 'Written the same way in both sentences.',
      maxLength: 40,
      default: 'bank',
    }),
    embLayer: numberKnob({
      label: 'Depth on the contextual map',
      help: '0 is the token table (the same vector everywhere); each step is one more block of the model.',
      min: 0,
      max: 12,
      step: 1,
      default: 0,
    }),
    embDims: numberKnob({
      label: 'Dimensions',
      help: 'Random vectors with this many numbers each; watch their similarities bunch up as it grows.',
      min: 1,
      max: 4096,
      step: 1,
      default: 2,
    }),
    embOrderA: textKnob({
      label: 'One order',
      help: 'The same words as the other order, rearranged.',
      maxLength: 200,
      default: ' dog bites man',
    }),
    embOrderB: textKnob({
      label: 'Another order',
      help: 'The same words, in another order.',
      maxLength: 200,
      default: ' man bites dog',
    }),
  },
  willLetYou: [
    'See the vector our model learned for each token and which tokens sit near each other.',
    'Switch between learned, sinusoidal, rotary and no position information, and see what the model loses.',
  ],
});
