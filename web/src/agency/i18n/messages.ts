// The agency console's messages, in their own i18next namespace (`agency`), added when the
// console's code is first loaded. Both catalogues have the same keys
// (test/web/i18n-catalogues.unit.test.ts).
import i18next from 'i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const AGENCY_NS = 'agency';

export function addAgencyMessages(): void {
  if (!i18next.hasResourceBundle('en', AGENCY_NS))
    i18next.addResourceBundle('en', AGENCY_NS, en, true, true);
  if (!i18next.hasResourceBundle('zh-CN', AGENCY_NS))
    i18next.addResourceBundle('zh-CN', AGENCY_NS, zhCN, true, true);
}
