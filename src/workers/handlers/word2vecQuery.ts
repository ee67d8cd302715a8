// Questions to a word2vec model kept in the worker (paused or finished): a word's nearest neighbours by cosine
// similarity, and the analogy "a is to b as c is to ?" (the words nearest b − a + c), on the vectors as they are now.
import { analogy } from '../../engine';
import { s } from '../schema';
import { neighboursOf, type LabelledNeighbour, type QueryNeighbours } from './embeddingMap';
import { method } from './method';
import { heldWord2Vec, queryId } from './word2vec';

export interface Word2VecAnswer {
  query: QueryNeighbours | null;
  analogy: { a: string; b: string; c: string; answers: LabelledNeighbour[] } | null;
}

export const word2vecQuery = method({
  lane: 'free',
  retry: false, // a restarted worker has lost the model; retrying cannot bring it back
  params: s.object({
    name: s.string({ minLength: 1, maxLength: 200 }),
    query: s.optional(s.string({ maxLength: 200 })),
    analogy: s.optional(s.object({ a: s.string({ maxLength: 200 }), b: s.string({ maxLength: 200 }), c: s.string({ maxLength: 200 }) })),
    count: s.optional(s.int({ min: 1, max: 50 }), 8),
  }),
  run(p): Word2VecAnswer {
    const { model, words, dim } = heldWord2Vec(p.name);
    const table = model.vectors();
    const label = (i: number) => words.tokenToDisplay(i);
    let query: QueryNeighbours | null = null;
    if (p.query?.trim()) {
      const id = queryId(words, p.query);
      query = { label: label(id), neighbours: neighboursOf(table, words.vocabSize, dim, id, p.count, label) };
    }
    let answer: Word2VecAnswer['analogy'] = null;
    if (p.analogy) {
      const [a, b, c] = [p.analogy.a, p.analogy.b, p.analogy.c].map((w) => queryId(words, w));
      const answers = analogy(table, words.vocabSize, dim, a, b, c, 5).map((n) => ({ label: label(n.index), similarity: n.similarity }));
      answer = { a: label(a), b: label(b), c: label(c), answers };
    }
    return { query, analogy: answer };
  },
});
