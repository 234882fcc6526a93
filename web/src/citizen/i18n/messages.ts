// The citizen portal's messages, in their own i18next namespace (`citizen`), added when the
// portal's code is first loaded, so the first page of the site does not carry them. Both
// catalogues have the same keys (test/web/i18n-catalogues.unit.test.ts).
import i18next from 'i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const CITIZEN_NS = 'citizen';

export function addCitizenMessages(): void {
  if (!i18next.hasResourceBundle('en', CITIZEN_NS))
    i18next.addResourceBundle('en', CITIZEN_NS, en, true, true);
  if (!i18next.hasResourceBundle('zh-CN', CITIZEN_NS))
    i18next.addResourceBundle('zh-CN', CITIZEN_NS, zhCN, true, true);
}
