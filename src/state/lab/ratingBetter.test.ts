// A rating may carry a continuation the reader wrote instead ("better"): kept, checked, and refused when malformed.
import { afterEach, describe, expect, it } from 'vitest';
import { tinyCheckpoint } from '../../workers/testing/tinyCheckpoint';
import { useStore } from '../store';
import { addRating } from './labCollections';
import { checkRating } from './records';
import { startTestLab, type TestLab } from './testing/labFixture';

let lab: TestLab;
afterEach(() => lab?.client.dispose());

describe('a rating with a better continuation', () => {
  it('is kept with the rating, optional, and must be text', async () => {
    const base = { id: 'r1', prompt: 'Speak', a: 'Aye.', b: 'Nay.', choice: 'tie', rater: 'person', createdAt: '2026-12-01T10:00:00.000Z' };
    expect(checkRating(base).ok).toBe(true);
    expect(checkRating({ ...base, better: 'Speak, and be heard.' }).ok).toBe(true);
    expect(checkRating({ ...base, better: 42 })).toEqual({ ok: false, reason: 'its better is missing or not valid' });
    lab = await startTestLab(await tinyCheckpoint());
    await addRating({ prompt: 'Speak', a: 'Aye.', b: 'Nay.', choice: 'a', rater: 'person', better: 'I will, my lord.' });
    expect(useStore.getState().ratings[0].better).toBe('I will, my lord.');
    expect((await lab.storage.list('ratings')).records[0].better).toBe('I will, my lord.');
  });
});
