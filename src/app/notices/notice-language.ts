// The languages a notice is written in (charter C6: a notice the person can read). Each subject
// may choose theirs (`PUT /v1/citizen/preferences`); a subject who has not chosen reads Simplified
// Chinese, the city's language. Every notice carries its text in each of these languages.
export const NOTICE_LANGUAGES = ['zh-CN', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

/** The language of a subject who has not chosen one. */
export const DEFAULT_NOTICE_LANGUAGE: NoticeLanguage = 'zh-CN';

export function isNoticeLanguage(value: unknown): value is NoticeLanguage {
  return NOTICE_LANGUAGES.some((l) => l === value);
}

/** The portal's address when the settings name none (the demo server's, at its default address). */
export const DEFAULT_PORTAL_URL = 'http://127.0.0.1:8080/citizen';
