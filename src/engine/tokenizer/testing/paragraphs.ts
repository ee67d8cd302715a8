// Paragraphs in six scripts for the tokenizer tests: ordinary prose (with digits, punctuation and quotes), the kind of
// text a reader pastes. Written for these tests.
export const paragraphs = {
  english:
    "The tokenizer cuts text into pieces before the model sees it. A common word such as \"the\" is one token; a rare " +
    "one like \"floccinaucinihilipilification\" becomes several. In 2019, GPT-2's vocabulary held 50,257 tokens.",
  german:
    'Die Donaudampfschifffahrtsgesellschaft fährt täglich um 9:30 Uhr ab. Größere Wörter werden in mehrere Stücke ' +
    'zerlegt — „Straßenbahnhaltestelle“ zum Beispiel. Übrigens: Äpfel, Öl und Übermut.',
  russian:
    'Токенизатор разбивает текст на части, прежде чем модель его увидит. В русском языке слова длиннее, а ' +
    'кириллица занимает по два байта на букву, поэтому токенов обычно больше: «Здравствуйте!» — 1 слово.',
  chinese:
    '分词器在模型看到文本之前把它切成小块。中文没有空格，所以一整句话就是一个预分词片段。' +
    '常见的词，例如“我们”和“语言模型”，往往是一个词元；生僻字会被拆成字节。2024年，词表有二十万个词元。',
  arabic:
    'يقسم المُجزِّئ النص إلى قطع قبل أن يراه النموذج. تُكتب العربية من اليمين إلى اليسار، وتأخذ كل حرف بايتين ' +
    'في UTF-8، لذلك تحتاج الجملة نفسها إلى رموز أكثر من الإنجليزية: ١٢٣ و 456.',
  emoji:
    'Emoji are the hardest case 😅: 👍🏽 is a thumb plus a skin tone, 👩‍👩‍👧‍👦 is four people joined by ' +
    'zero-width joiners, and 🇩🇪 is two regional letters. 🎉🎉🎉 Party! ❤️ ✨ 🫠',
} as const;
