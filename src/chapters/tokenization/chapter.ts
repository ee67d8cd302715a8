import { defineChapter } from '../card';

// Not built yet: until this folder has a Chapter.tsx the book shows the promises below on one "coming" page.
export const tokenization = defineChapter({
  id: 'tokenization',
  title: 'Tokenization',
  summary: 'How text becomes numbers: characters, bytes and byte-pair merges.',
  concept: 'token',
  steps: [{ id: 'coming', title: 'What this chapter will let you do' }],
  sharedKnobs: [],
  knobs: {},
  willLetYou: [
    'Type any text, emoji or script and see it cut into tokens, each with its id.',
    'Train a byte-pair tokenizer on Shakespeare and replay its merges one at a time.',
    'Compare our tokenizer with the ones GPT-2 and GPT-4o use on the same sentence.',
  ],
});
