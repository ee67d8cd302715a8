// A trained reward model's score of texts the page gives: fresh samples, or anything the reader types, so they see
// what it learned (and where it is wrong). The reward model comes as the file the rewardModel stage returned.
import { loadRewardModel, scoreTexts as score } from '../rlhfStages';
import { s } from '../schema';
import { method } from './method';

export const scoreTexts = method({
  lane: 'queue',
  retry: true,
  params: s.object({
    reward: s.bytes({ maxBytes: 256 * 2 ** 20 }),
    prompt: s.string({ maxLength: 100_000 }),
    texts: s.array(s.string({ maxLength: 100_000 }), { minLength: 1, maxLength: 1_000 }),
  }),
  async run(p): Promise<{ scores: number[] }> {
    const { model, tokenizer } = loadRewardModel(p.reward);
    try {
      return { scores: await score(model, tokenizer, p.prompt, p.texts) };
    } finally {
      model.dispose();
    }
  },
});
