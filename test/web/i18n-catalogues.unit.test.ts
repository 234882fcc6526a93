// The web application's message catalogues (docs/web.md), the site's (web/src/i18n) and each
// area's own namespace (web/src/<area>/i18n): the same keys in both languages, no empty message,
// the same {{placeholders}} in both; and the rules that pick a language and format numbers, dates
// and money for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatters, labelFor } from '../../web/src/i18n/format.js';
import { browserLanguage, isLanguage } from '../../web/src/i18n/languages.js';

const WEB_SRC = join(import.meta.dirname, '..', '..', 'web', 'src');

/** Each catalogue's folder under web/src, and how many messages it has at least. */
const CATALOGUES = [
  { name: 'the site', dir: 'i18n', atLeast: 20 },
  { name: 'the citizen portal (namespace citizen)', dir: 'citizen/i18n', atLeast: 50 },
  { name: 'the agency console (namespace agency)', dir: 'agency/i18n', atLeast: 50 },
  { name: 'the authority dashboard (namespace authority)', dir: 'authority/i18n', atLeast: 40 },
];

type Catalogue = { [key: string]: string | Catalogue };

function catalogue(dir: string, language: string): Catalogue {
  return JSON.parse(readFileSync(join(WEB_SRC, dir, `${language}.json`), 'utf8')) as Catalogue;
}

/** Every message as `a.b.c` → text. */
function flatten(c: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(c)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe.each(CATALOGUES)('the message catalogues of $name', ({ dir, atLeast }) => {
  const en = flatten(catalogue(dir, 'en'));
  const zh = flatten(catalogue(dir, 'zh-CN'));

  it('have the same keys in English and Simplified Chinese', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    expect(en.size).toBeGreaterThan(atLeast);
  });

  it('have no empty message and the same placeholders in both languages', () => {
    for (const [key, text] of en) {
      expect(text.trim(), key).not.toBe('');
      expect(zh.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(zh.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
});

describe('the language of a first visit', () => {
  it('is Simplified Chinese for any zh browser language and English otherwise', () => {
    for (const zh of ['zh', 'zh-CN', 'zh-TW', 'zh-Hans-CN', 'ZH-hk'])
      expect(browserLanguage([zh, 'en'])).toBe('zh-CN');
    for (const other of ['en-GB', 'en', 'fr-FR', 'ja', ''])
      expect(browserLanguage([other, 'zh-CN'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('accepts only the two languages as a remembered choice', () => {
    expect(isLanguage('zh-CN')).toBe(true);
    expect(isLanguage('en')).toBe(true);
    for (const bad of ['zh', 'EN', 'fr', null, undefined, 3]) expect(isLanguage(bad)).toBe(false);
  });
});

describe('formatting for the language', () => {
  it('shows money in yuan from minor units', () => {
    expect(formatters('en').money(2_500_000)).toBe('CN¥25,000.00');
    expect(formatters('zh-CN').money(2_500_000)).toBe('¥25,000.00');
    expect(formatters('en').money(5)).toBe('CN¥0.05');
  });

  it('writes dates and numbers the language’s way', () => {
    expect(formatters('en').date('2026-03-01')).toBe('March 1, 2026');
    expect(formatters('zh-CN').date('2026-03-01')).toBe('2026年3月1日');
    expect(formatters('zh-CN').month('2026-03')).toBe('2026年3月');
    expect(formatters('en').number(1234567)).toBe('1,234,567');
    expect(formatters('en').date('not a date')).toBe('not a date');
  });

  it('writes durations in words', () => {
    expect(formatDuration('en', 'P3Y')).toBe('3 years');
    expect(formatDuration('en', 'P1Y6M')).toBe('1 year and 6 months');
    expect(formatDuration('zh-CN', 'P10D')).toBe('10天');
    expect(formatDuration('en', 'P0D')).toBe('0 days');
    expect(formatDuration('en', 'PT5H')).toBe('PT5H');
  });

  it('takes a label in the language from a document’s labels, else its own label', () => {
    const list = {
      id: 'dishonest-debtors',
      label: 'Dishonest debtors',
      labels: { 'zh-CN': '失信被执行人名单' },
    };
    expect(labelFor('zh-CN', list)).toBe('失信被执行人名单');
    expect(labelFor('en', list)).toBe('Dishonest debtors');
    expect(labelFor('zh-CN', { id: 'x' })).toBe('x');
  });
});
