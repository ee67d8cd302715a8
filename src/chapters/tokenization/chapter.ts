import { textKnob, toggleKnob } from '../../state/knobs';
import { defineChapter } from '../card';

export const tokenization = defineChapter({
  id: 'tokenization',
  title: 'Tokenization',
  summary: 'How text becomes numbers: characters, bytes and byte-pair merges.',
  concept: 'token',
  steps: [
    { id: 'views', title: 'Five ways to cut one text' },
    { id: 'guess', title: 'Guess, then count' },
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
  },
});
