// The agency console’s own message catalogues (web/src/agency/i18n, the `agency` namespace,
// docs/web.md): the same keys in English and Simplified Chinese, no empty message, the same
// {{placeholders}} in both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '..', '..', 'web', 'src', 'agency', 'i18n');

type Catalogue = { [key: string]: string | Catalogue };

function catalogue(language: string): Catalogue {
  return JSON.parse(readFileSync(join(DIR, `${language}.json`), 'utf8')) as Catalogue;
}

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

describe('the agency console’s message catalogues', () => {
  const en = flatten(catalogue('en'));
  const zh = flatten(catalogue('zh-CN'));

  it('have the same keys in English and Simplified Chinese', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    expect(en.size).toBeGreaterThan(50);
  });

  it('have no empty message and the same placeholders in both languages', () => {
    for (const [key, text] of en) {
      expect(text.trim(), key).not.toBe('');
      expect(zh.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(zh.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
});
