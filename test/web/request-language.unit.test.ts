// The language the server renders a first page in (docs/web.md, "Size and speed"): the cookie of
// a choice made with the switch, else the browser's most preferred language (any `zh*`: Chinese).
import { describe, expect, it } from 'vitest';
import {
  acceptedLanguages,
  languageCookie,
  requestLanguage,
} from '../../web/src/i18n/languages.js';

describe('the language of a server-rendered page', () => {
  it('follows the most preferred language of Accept-Language', () => {
    expect(requestLanguage(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(requestLanguage(undefined, 'zh-TW')).toBe('zh-CN');
    expect(requestLanguage(undefined, 'en-GB,en;q=0.9')).toBe('en');
    expect(requestLanguage(undefined, 'fr-FR, zh-CN;q=0.5')).toBe('en');
    expect(requestLanguage(undefined, 'en;q=0.4, zh;q=0.8')).toBe('zh-CN');
    expect(requestLanguage(undefined, undefined)).toBe('en');
    expect(requestLanguage(undefined, '*')).toBe('en');
  });

  it('lets the cookie of a choice win, and ignores one that names no language of the site', () => {
    expect(requestLanguage('probity.language=en', 'zh-CN')).toBe('en');
    expect(requestLanguage('a=1; probity.language=zh-CN; b=2', 'en')).toBe('zh-CN');
    expect(requestLanguage('probity.language=fr', 'zh-CN')).toBe('zh-CN');
    expect(requestLanguage('xprobity.language=en', 'zh-CN')).toBe('zh-CN');
  });

  it('reads preferences in order of weight, then of appearance', () => {
    expect(acceptedLanguages('en;q=0.5, fr, zh;q=0.9, de;q=0')).toEqual(['fr', 'zh', 'en']);
  });

  it('remembers a choice for a year, for the whole site', () => {
    expect(languageCookie('zh-CN')).toBe(
      'probity.language=zh-CN; Path=/; Max-Age=31536000; SameSite=Lax',
    );
  });
});
