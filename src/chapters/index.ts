// The order of the book, and nothing else: each chapter is a folder with its card (chapter.ts) and its code.
import { attention } from './attention/chapter';
import { embeddings } from './embeddings/chapter';
import { generation } from './generation/chapter';
import { overview } from './overview/chapter';
import { rlhf } from './rlhf/chapter';
import { tokenization } from './tokenization/chapter';
import { training } from './training/chapter';

export const chapters = [overview, tokenization, embeddings, attention, training, rlhf, generation] as const;
