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

/**
 * Where the chosen language is remembered for the server too (a cookie of that name), so that
 * the server renders a first page in the language the client will show (docs/web.md).
 */
export const LANGUAGE_COOKIE = 'probity.language';

/** The cookie that remembers a choice (a year, the whole site). */
export function languageCookie(language: Language): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The preferred languages of an Accept-Language header, most preferred first. */
export function acceptedLanguages(header: string): string[] {
  return header
    .split(',')
    .map((item, index) => {
      const [tag = '', ...params] = item.split(';').map((p) => p.trim());
      const q = params.find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((item) => item.tag !== '' && item.tag !== '*' && item.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((item) => item.tag);
}

/**
 * The language of a page the server renders: the remembered choice (the cookie), else the
 * browser's first language (Accept-Language) as a first visit picks it.
 */
export function requestLanguage(
  cookie: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  const chosen = cookie === undefined ? undefined : cookieValue(cookie, LANGUAGE_COOKIE);
  if (isLanguage(chosen)) return chosen;
  return browserLanguage(acceptedLanguages(acceptLanguage ?? ''));
}
