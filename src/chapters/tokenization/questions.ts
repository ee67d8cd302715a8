// The texts of the chapter's guessing questions. The answers are not here: the engine counts them when revealed.
export const questionSentence = 'In 2026, the unbelievably tiny model tokenized 1,048,576 characters of Shakespeare.';

export interface Greeting {
  id: string;
  language: string;
  /** BCP 47 tag, so screen readers pronounce the text in its language. */
  lang: string;
  text: string;
}

/** One greeting, the same meaning in five languages and four scripts. */
export const greetings: readonly Greeting[] = [
  { id: 'english', language: 'English', lang: 'en', text: 'Good morning, how are you today?' },
  { id: 'german', language: 'German', lang: 'de', text: 'Guten Morgen, wie geht es dir heute?' },
  { id: 'russian', language: 'Russian', lang: 'ru', text: 'Доброе утро, как у тебя дела сегодня?' },
  { id: 'chinese', language: 'Chinese', lang: 'zh', text: '早上好，你今天好吗？' },
  { id: 'arabic', language: 'Arabic', lang: 'ar', text: 'صباح الخير، كيف حالك اليوم؟' },
];
