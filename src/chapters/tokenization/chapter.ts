import { choiceKnob, numberKnob, textKnob, toggleKnob } from '../../state/knobs';
import { defineChapter } from '../card';

export const tokenization = defineChapter({
  id: 'tokenization',
  title: 'Tokenization',
  summary: 'How text becomes numbers: characters, bytes and byte-pair merges.',
  concept: 'token',
  steps: [
    { id: 'views', title: 'Five ways to cut one text' },
    { id: 'guess', title: 'Guess, then count' },
    { id: 'train', title: 'Train a BPE, merge by merge' },
    { id: 'unwind', title: 'Unwind a token' },
    { id: 'granularity', title: 'Words, subwords or characters?' },
  ],
  sharedKnobs: [],
  knobs: {
    tokText: textKnob({
      label: 'Your text',
      help: 'Type or paste anything, in any script, or pick a sample below; every view cuts it again as you type.',
      maxLength: 2000,
      default: 'Tokenization turns text into numbers: unbelievable, 2026, Привет 👋',
    }),
    tokSpecial: toggleKnob({
      label: 'Read <|endoftext|> and chat markers as special tokens',
      help: 'On: GPT-2 and GPT-4o read them as the one token each that marks a boundary. Off: as plain characters, as most counters do.',
      default: false,
    }),
    tokViews: textKnob({
      label: 'Views shown',
      help: 'Which of the five views to show, as a comma list of char, word, model, gpt2, gpt4o (a teacher can share a link with fewer).',
      maxLength: 40,
      default: 'char,word,model,gpt2,gpt4o',
    }),
    tokMerges: numberKnob({
      label: 'Merges to learn',
      help: 'Training stops after this many merges; the vocabulary is 256 bytes plus one token per merge.',
      min: 1,
      max: 5000,
      step: 1,
      default: 300,
    }),
    tokTrainOn: choiceKnob({
      label: 'Train on',
      help: "Tiny Shakespeare (its first nine tenths; the last tenth is held out to measure compression), your text from the first step, or the long text you pasted there.",
      options: [
        { value: 'corpus', label: 'Tiny Shakespeare (1 MB)' },
        { value: 'text', label: 'Your text' },
        { value: 'long', label: 'Your long text (pasted or loaded in the first step)' },
      ],
      default: 'corpus',
    }),
  },
});
