// Texts a reader can start from, one per kind of writing that tokenizers treat differently: English and
// Shakespeare (what BPEs learn on), code (indentation and symbols), numbers (cut into odd groups), German (long
// compounds), Russian, Chinese and Arabic (several UTF-8 bytes a letter), emoji built of several code points, and the
// special markers chat models are trained with.
export interface Sample {
  id: string;
  label: string;
  text: string;
}

export const samples: readonly Sample[] = [
  { id: 'english', label: 'English prose', text: 'The quick brown fox jumps over the lazy dog, then naps in the afternoon sun.' },
  { id: 'shakespeare', label: 'Shakespeare', text: 'ROMEO:\nBut, soft! what light through yonder window breaks?\nIt is the east, and Juliet is the sun.' },
  { id: 'code', label: 'Code', text: 'def mean(xs):\n    return sum(xs) / len(xs) if xs else 0.0\n' },
  { id: 'numbers', label: 'Numbers', text: '3.14159 × 1,000,000 = 3141590; 2026-12-01; 12345678901234567890' },
  { id: 'german', label: 'German', text: 'Die Donaudampfschifffahrtsgesellschaft fährt morgen früh nach Wien.' },
  { id: 'russian', label: 'Russian', text: 'Привет! Как у тебя дела сегодня?' },
  { id: 'chinese', label: 'Chinese', text: '早上好，你今天过得怎么样？' },
  { id: 'arabic', label: 'Arabic', text: 'صباح الخير، كيف حالك اليوم؟' },
  { id: 'chat', label: 'Chat markers', text: '<|im_start|>user<|im_sep|>Hi there!<|im_end|><|endoftext|>' },
  { id: 'emoji', label: 'Emoji', text: 'Family: 👨‍👩‍👧‍👦, thumbs: 👍🏽, flag: 🇺🇦' },
];
