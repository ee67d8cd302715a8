import { choiceKnob, textKnob } from '../../state/knobs';
import { defineChapter } from '../card';

// Training: the objective on a real batch, pre-training a model from scratch in the tab, then fine-tuning it on a
// narrow task (README.md lists which points of issue 12 are done). The tokenizer is a knob so the Tokenization
// chapter can link here with one the reader trained (`#/training/pretrain?trainTokenizer=lab:<id>`).
export const training = defineChapter({
  id: 'training',
  title: 'Training',
  summary: 'Watch the loss fall as a model you train learns to predict the next token, then fine-tune it on a task.',
  concept: 'loss',
  steps: [
    { id: 'objective', title: 'What training minimises' },
    { id: 'pretrain', title: 'Pre-train a model in your tab' },
    { id: 'finetune', title: 'Fine-tune it on a narrow task' },
  ],
  sharedKnobs: [],
  knobs: {
    trainText: textKnob({
      label: 'Text for the batch',
      help: 'The model reads this text and is graded on every next character or token; type anything.',
      maxLength: 400,
      default: 'ROMEO:\nBut, soft! what light through yonder window breaks?\nIt is the east, and Juliet is the sun.',
    }),
    trainTokenizer: textKnob({
      label: 'Tokenizer',
      help: 'char (one token per character of the text), shipped (the book’s byte-pair tokenizer), or lab:<id> (one you trained in the Tokenization chapter).',
      maxLength: 240,
      default: 'shipped',
    }),
    trainPreset: choiceKnob({
      label: 'Recipe',
      help: 'A starting point for every setting below; change any of them before you start.',
      options: [
        { value: 'default', label: 'Quick start' },
        { value: 'nanogpt', label: 'nanoGPT recipe' },
        { value: 'overfit', label: 'Overfit on a little text' },
      ],
      default: 'default',
    }),
  },
});
