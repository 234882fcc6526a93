// The languages of the web application and how a first visit picks one (docs/web.md): any
// browser language starting with `zh` gets Simplified Chinese, anything else English.
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where the chosen language is remembered (localStorage). */
export const LANGUAGE_KEY = 'probity.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'zh-CN' || value === 'en';
}

/** The language a first visit gets from the browser's preferred languages, first one first. */
export function browserLanguage(preferred: readonly string[]): Language {
  const first = preferred[0] ?? '';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
