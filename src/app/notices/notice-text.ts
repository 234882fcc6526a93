// A notice's words: its paragraph in each notice language, from the payload's data, the message
// catalogue of that language (messages/) and the citizen portal's address. The composer
// (notice-compose.ts) words each notice once, when it is composed: the subject's language then
// chooses `summary`, and a notice keeps its words afterwards.
import { en } from './messages/notice-messages-en.js';
import type { NoticeMessages, NoticePlace, PayloadOf } from './messages/notice-messages.js';
import { zhCN } from './messages/notice-messages-zh-cn.js';
import { NOTICE_LANGUAGES, type NoticeLanguage } from './notice-language.js';
import type { NoticeKind, NoticePayload, NoticeText } from './notice-payload.js';
import { NoticeWords } from './notice-words.js';

/** The message catalogue of each notice language. */
export const NOTICE_MESSAGES: Readonly<Record<NoticeLanguage, NoticeMessages>> = {
  'zh-CN': zhCN,
  en,
};

const WORDS = new Map<NoticeLanguage, NoticeWords>(
  NOTICE_LANGUAGES.map((l) => [l, new NoticeWords(NOTICE_MESSAGES[l])]),
);

export function wordsOf(language: NoticeLanguage): NoticeWords {
  const words = WORDS.get(language);
  if (words === undefined) throw new Error(`no notice words for ${language}`);
  return words;
}

/** The notice's paragraph in one language. */
export function noticeParagraph(
  payload: NoticePayload,
  language: NoticeLanguage,
  place: NoticePlace,
): string {
  const build = NOTICE_MESSAGES[language].kinds[payload.kind] as (
    p: PayloadOf<NoticeKind>,
    words: NoticeWords,
    place: NoticePlace,
  ) => string;
  return build(payload, wordsOf(language), place);
}

/** Words a payload: its paragraph in every language, `summary` in the subject's. */
export function wordNotice<P extends NoticePayload>(
  payload: Omit<P, keyof NoticeText>,
  language: NoticeLanguage,
  portal: string,
): P {
  const place = { portal };
  const draft = { ...payload, language, portal, summary: '', summaries: { 'zh-CN': '', en: '' } };
  const summaries = Object.fromEntries(
    NOTICE_LANGUAGES.map((l) => [l, noticeParagraph(draft as unknown as P, l, place)]),
  ) as Record<NoticeLanguage, string>;
  return { ...draft, summary: summaries[language], summaries } as unknown as P;
}

/** How and until when to object (`until`: the record's effect end), in one language (`objection.how`). */
export function objectionHowIn(language: NoticeLanguage, until: string, portal: string): string {
  return NOTICE_MESSAGES[language].objectionHow(wordsOf(language).when(until), { portal });
}

/** How, with what and until when to object again after a decision, in one language (`repeat.how`). */
export function repeatHowIn(language: NoticeLanguage, until: string, portal: string): string {
  return NOTICE_MESSAGES[language].repeatHow(wordsOf(language).when(until), { portal });
}

/** How and until when to appeal an objection decision, in one language (`appeal.how`). */
export function appealHowIn(
  language: NoticeLanguage,
  within: string,
  before: string,
  portal: string,
): string {
  const words = wordsOf(language);
  return NOTICE_MESSAGES[language].appealHow(words.duration(within), words.when(before), {
    portal,
  });
}
