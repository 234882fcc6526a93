// Languages (docs/web.md): Simplified Chinese and English on every page. The first visit follows
// the browser's language (any `zh*` → zh-CN, anything else → en); a choice made with the switch in
// the header is remembered in localStorage and wins from then on. The catalogues are en.json and
// zh-CN.json beside this file, with the same keys (test/web/i18n-catalogues.unit.test.ts).
import i18next, { type InitOptions } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import {
  browserLanguage,
  isLanguage,
  LANGUAGE_KEY,
  LANGUAGES,
  languageCookie,
  type Language,
} from './languages';
import zhCN from './zh-CN.json';

export { isLanguage, LANGUAGES, type Language } from './languages';

export function storedLanguage(): Language | undefined {
  try {
    const value = window.localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled: follow the browser
  }
}

export function initialLanguage(): Language {
  // A page the server rendered is in the language it chose (the cookie, else the browser's):
  // hydration starts from it (docs/web.md, "Size and speed").
  const rendered = document.documentElement.dataset['rendered'] === 'server';
  if (rendered && isLanguage(document.documentElement.lang)) return document.documentElement.lang;
  const preferred =
    navigator.languages.length > 0 ? navigator.languages : [navigator.language ?? ''];
  return storedLanguage() ?? browserLanguage(preferred);
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.title');
}

/** i18next's settings, in the browser and in the server's rendering (entry-server.tsx). */
export function i18nOptions(language: Language): InitOptions {
  return {
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    // No fallback: a message missing in the page's language is a fault to fix, not English (or
    // the key) shown silently. It is logged as a console error, which fails the browser suites
    // (test/browser); both catalogues have the same keys (test/web/i18n-catalogues.unit.test.ts).
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (languages, namespace, key) => {
      console.error(`Missing message "${namespace}:${key}" in ${languages.join(', ')}`);
    },
  };
}

export async function setupI18n(): Promise<void> {
  const language = initialLanguage();
  await i18next.use(initReactI18next).init(i18nOptions(language));
  applyToDocument(language);
}

/** Switches the language and remembers the choice. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  // The server renders the next first page in it too.
  document.cookie = languageCookie(language);
  await i18next.changeLanguage(language);
  applyToDocument(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}
