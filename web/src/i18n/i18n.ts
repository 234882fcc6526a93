// Languages (docs/web.md): Simplified Chinese and English on every page. The first visit follows
// the browser's language (any `zh*` → zh-CN, anything else → en); a choice made with the switch in
// the header is remembered in localStorage and wins from then on. The catalogues are en.json and
// zh-CN.json beside this file, with the same keys (test/web/i18n-catalogues.unit.test.ts).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import { browserLanguage, isLanguage, LANGUAGE_KEY, LANGUAGES, type Language } from './languages';
import zhCN from './zh-CN.json';

export { isLanguage, LANGUAGES, type Language } from './languages';

function storedLanguage(): Language | undefined {
  try {
    const value = window.localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled: follow the browser
  }
}

export function initialLanguage(): Language {
  const preferred =
    navigator.languages.length > 0 ? navigator.languages : [navigator.language ?? ''];
  return storedLanguage() ?? browserLanguage(preferred);
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.title');
}

export async function setupI18n(): Promise<void> {
  const language = initialLanguage();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyToDocument(language);
}

/** Switches the language and remembers the choice. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  await i18next.changeLanguage(language);
  applyToDocument(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}
