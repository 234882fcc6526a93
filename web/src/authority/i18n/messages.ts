// The authority dashboard's messages, in their own i18next namespace (`authority`), added when the
// dashboard's code is first loaded, so the first page of the site does not carry them. Both
// catalogues have the same keys (test/web/i18n-catalogues.unit.test.ts).
import i18next from 'i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const AUTHORITY_NS = 'authority';

export function addAuthorityMessages(): void {
  if (!i18next.hasResourceBundle('en', AUTHORITY_NS))
    i18next.addResourceBundle('en', AUTHORITY_NS, en, true, true);
  if (!i18next.hasResourceBundle('zh-CN', AUTHORITY_NS))
    i18next.addResourceBundle('zh-CN', AUTHORITY_NS, zhCN, true, true);
}
