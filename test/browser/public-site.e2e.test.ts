// The public site in real Chromium (issue 13, item 1; docs/web.md): the web application served
// by the server at `/` under its own Content-Security-Policy, every page checked with axe-core
// and for console errors. NOT RUN, and says so, where Chromium is missing.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browsers,
  launchChromium,
  LISTED,
  newVisit,
  seriousViolations,
  startPublicCity,
  WEB_INDEX,
  type PublicCity,
  type Visit,
} from './browser-harness.js';

it('the built page loads its script and style sheet from the server, nothing inline', () => {
  const html = readFileSync(WEB_INDEX, 'utf8');
  expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style|\sstyle=/);
});

describe.each(browsers('public site (browser)'))('the public site in %s', () => {
  let city: PublicCity;
  let browser: Browser;
  const visits: Visit[] = [];

  beforeAll(async () => {
    city = await startPublicCity();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const visit of visits) await visit.context.close();
    await browser?.close();
    await city?.close();
  });

  async function visit(options: Parameters<typeof newVisit>[1] = {}): Promise<Visit> {
    const v = await newVisit(browser, options);
    visits.push(v);
    return v;
  }

  it('shows the published lists and finds a listed person by the full identifier, masked', async () => {
    const { page, problems } = await visit();
    await page.goto(city.url);
    await page.getByRole('heading', { level: 1, name: 'Published lists' }).waitFor();
    await page.getByRole('table', { name: /every public list/i }).waitFor();
    expect(await page.getByRole('row').count()).toBeGreaterThan(1);
    expect(await seriousViolations(page)).toEqual([]);

    // The server searches (GET /v1/public/search) once typing pauses: no button pressed.
    const searched = page.waitForResponse((r) => r.url().includes('/v1/public/search?'));
    await page.getByLabel('Search by identifier or name').fill(LISTED);
    expect((await searched).status()).toBe(200);
    const masked = `${LISTED.slice(0, 6)}********${LISTED.slice(14)}`;
    const results = page.getByRole('table', { name: /entr(y|ies) for/ });
    await results.getByRole('cell', { name: masked }).first().waitFor();
    expect(await results.locator('tbody').textContent()).not.toContain(LISTED);
    await page
      .getByText(/The birth date is hidden, so an entry shown may be another person/)
      .waitFor();
    expect(page.url()).toContain(`?q=${LISTED}`);
    expect(await seriousViolations(page)).toEqual([]);

    // The last four characters find the entry too; submitting searches at once.
    await page.getByLabel('Search by identifier or name').fill(LISTED.slice(-4));
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: `1 entry for “${LISTED.slice(-4)}”` }).waitFor();
    await results.getByRole('cell', { name: masked }).waitFor();

    // Too short to search: the page says what is missing, and asks the server nothing.
    let asked = 0;
    page.on('request', (r) => {
      if (r.url().includes('/v1/public/search?')) asked++;
    });
    await page.getByLabel('Search by identifier or name').fill('11');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Type at least 4 characters of an identifier.').waitFor();
    await page.getByLabel('Search by identifier or name').fill('nobody known');
    await page.getByText('No published entry matches “nobody known”.').waitFor();
    expect(asked).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('pages through the search’s results with “More results”, and says so when a page fails', async () => {
    const { page, problems } = await visit();
    // The server's answers stood in for (three entries are published): two pages, the second
    // failing once with 503.
    const entry = (i: number) => ({
      list: 'dishonest-debtors',
      version: 1,
      entry: {
        subject: `110105********${String(1000 + i)}`,
        name: `Zhao Lei ${i}`,
        list: 'dishonest-debtors',
        since: '2026-01-10T08:00:00.000Z',
        until: null,
        legalBasis: 'Fa Shi [2017] No. 7',
        caseReferences: [`(2026)京0105执${i}号`],
      },
    });
    let failed = false;
    await page.route('**/v1/public/search?**', async (route) => {
      const cursor = new URL(route.request().url()).searchParams.get('cursor');
      if (cursor !== null && !failed) {
        failed = true;
        return route.fulfill({
          status: 503,
          json: { error: { code: 'NotReady', message: 'the engine is loading', details: [] } },
        });
      }
      const results = cursor === null ? [...Array(20).keys()].map(entry) : [20, 21].map(entry);
      return route.fulfill({
        json: {
          query: 'zhao',
          kind: 'name',
          match: 'prefix',
          results,
          ...(cursor === null && { next: 'dishonest-debtors:19' }),
        },
      });
    });
    await page.goto(`${city.url}/?q=zhao`);
    await page.getByRole('table', { name: 'The first 20 entries for “zhao”' }).waitFor();
    await page.getByRole('button', { name: 'More results' }).click();
    await page
      .getByRole('alert')
      .getByText(/the engine is loading/)
      .waitFor();
    await page.getByRole('button', { name: 'More results' }).click();
    await page.getByRole('table', { name: '22 entries for “zhao”' }).waitFor();
    expect(await page.getByRole('button', { name: 'More results' }).count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'Zhao Lei 21' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    // The 503 stood in for, as the browser logs it.
    expect(problems.filter((p) => !p.includes('503'))).toEqual([]);
  });

  it('follows a Chinese browser on a first visit, then remembers the language chosen', async () => {
    const { page, problems } = await visit({ locale: 'zh-CN' });
    await page.goto(city.url);
    await page.getByRole('heading', { level: 1, name: '公示名单' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    // The list's label from the policy, in Chinese.
    await page.getByRole('row', { name: /失信被执行人名单/ }).waitFor();
    // Dates in the language's own form (截至: as of).
    await page
      .getByRole('table')
      .getByText(/\d{4}年\d{1,2}月\d{1,2}日/)
      .first()
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Published lists' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Published lists' }).waitFor();
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '公示名单' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('is English for a browser in any other language', async () => {
    const { page, problems } = await visit({ locale: 'fr-FR' });
    await page.goto(city.url);
    await page.getByRole('heading', { level: 1, name: 'Published lists' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('opens a list’s archive and a version with its delta, entries, filter and files', async () => {
    const { page, problems } = await visit();
    await page.goto(city.url);
    await page
      .getByRole('row', { name: /dishonest judgment debtors/ })
      .getByRole('link', { name: /^1 version$/ })
      .click();
    await page.getByRole('heading', { level: 1, name: /every version/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Version 1' }).first().click();
    await page.getByRole('heading', { level: 1, name: /Version 1$/ }).waitFor();
    await page.getByText('The first version: every entry is new.').waitFor();
    await page.getByRole('table', { name: /entries added/ }).waitFor();
    const entries = page.getByRole('table', { name: / of \d+ entries$/ });
    await entries.waitFor();
    const total = await entries.locator('tbody tr').count();
    expect(total).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Filter by identifier or name').fill('nobody-at-all');
    await page.getByText('No published entry matches “nobody-at-all”.').waitFor();
    await page.getByLabel('Filter by identifier or name').fill('');
    await entries.waitFor();

    const csv = page.getByRole('link', { name: /^v1\.csv$/ });
    const href = await csv.getAttribute('href');
    expect(href).toMatch(/^\/v1\/publications\/[^/]+\/1\/files\/v1\.csv$/);
    const file = await page.request.get(`${city.url}${href}`);
    expect(file.status()).toBe(200);
    expect(problems).toEqual([]);
  });

  it('says so when a list or a version does not exist', async () => {
    const { page, problems } = await visit();
    await page.goto(`${city.url}/lists/dishonest-debtors/99`);
    await page.getByRole('alert').getByText('The server has no such thing (404).').waitFor();
    await page.goto(`${city.url}/lists/no-such-list`);
    await page.getByRole('alert').getByText('The server has no such thing (404).').waitFor();
    // The 404 of the API is the answer, not a fault of the page.
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
  });

  it('shows the public key and verifies a version in the browser, and catches a file altered on the way', async () => {
    const { page, problems } = await visit();
    await page.goto(`${city.url}/lists/dishonest-debtors/1`);
    await page.getByRole('link', { name: 'How to verify it' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verify a publication' }).waitFor();
    const key = await city.h.app.inject({ url: '/v1/publications/key' });
    await page.getByText(key.json<{ keyId: string }>().keyId).first().waitFor();
    expect(await page.getByLabel('List', { exact: true }).inputValue()).toBe('dishonest-debtors');
    expect(await page.getByLabel('Version', { exact: true }).inputValue()).toBe('1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.getByRole('status').filter({ hasText: 'This version' });
    await verdict.getByText('This version is as the authority signed it.').waitFor();
    expect(await verdict.getByText('✓ holds:').count()).toBeGreaterThanOrEqual(6);
    expect(await verdict.getByText('✗ fails:').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // The same check on a CSV altered in transit names the file.
    await page.route('**/files/v1.csv', async (route) => {
      const original = await route.fetch();
      await route.fulfill({ response: original, body: `${await original.text()}x` });
    });
    await page.getByRole('button', { name: 'Verify' }).click();
    await verdict.getByText('This version does NOT match what was signed.').waitFor();
    await verdict.getByText(/✗ fails: v1\.csv has the SHA-256 the manifest lists/).waitFor();
    expect(problems).toEqual([]);
  });

  it('explains how Probity works: the promises, grades, lists and measures, the catalogue and its rules', async () => {
    const { page, problems } = await visit();
    await page.goto(city.url);
    await page.getByRole('navigation').getByRole('link', { name: 'How Probity works' }).click();
    await page.getByRole('heading', { level: 1, name: 'How Probity works' }).waitFor();
    await page.getByText('A score alone never sanctions.').waitFor();
    await page.getByRole('table', { name: 'Grades by score' }).waitFor();
    await page
      .getByRole('heading', { level: 3, name: 'List of dishonest judgment debtors' })
      .waitFor();
    await page
      .getByRole('table', { name: /measures in force/ })
      .getByText('Purchase of civil aviation tickets')
      .waitFor();
    const category = page.locator('[id="category-court.dishonest-debtor"]');
    await category.locator('summary').click();
    await category.getByText('at most 3 years from the conduct, never re-aged.').waitFor();
    await category.getByRole('table', { name: 'Rules and points' }).getByText('-150').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: 'Probity 如何运作' }).waitFor();
    await category.getByText('自行为发生起最长 3年，绝不重新起算。').waitFor();
    // Labels from the documents, in the page's language.
    await page.getByRole('heading', { level: 3, name: '失信被执行人名单' }).waitFor();
    await category
      .locator('summary', { hasText: '失信被执行人（有履行能力而拒不履行）' })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the month’s transparency report with its charts and tables, and an earlier month', async () => {
    const { page, problems } = await visit();
    await page.goto(city.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Transparency' }).click();
    await page.getByRole('heading', { level: 1, name: 'Transparency report' }).waitFor();
    await page.getByText(/^This month so far, as of/).waitFor();
    const checks = page.getByRole('table', { name: 'Checks and denials per measure' });
    const flight = checks.getByRole('row', { name: /Purchase of civil aviation tickets/ });
    expect(await flight.getByRole('cell').allTextContents()).toEqual(['2', '1', '50%']);
    await page.getByRole('img', { name: /Bar chart of checks and denials/ }).waitFor();
    await page.getByRole('img', { name: /Line chart of each public list/ }).waitFor();
    await page.getByRole('table', { name: 'Entries of each list, version by version' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Month').fill('2025-12');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('The whole month.').waitFor();
    const records = page.getByRole('table', { name: /Records recorded this month/ });
    const row = records.getByRole('row', { name: /able to perform but refuses/ });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['court', '3']);
    await page.getByText('No agency made a check this month.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  const PAGES = [
    '/',
    '/lists/dishonest-debtors',
    '/lists/dishonest-debtors/1',
    '/verify',
    '/how-it-works',
    '/transparency',
  ];
  for (const locale of ['zh-CN', 'en-GB']) {
    it(`reads at 360 px wide in ${locale}: no page scrolls sideways, every page passes axe`, async () => {
      const { page, problems } = await visit({ locale, width: 360 });
      for (const path of PAGES) {
        await page.goto(`${city.url}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.locator('main table, main form, main .card').first().waitFor();
        const widths = await page.evaluate(() => {
          const root = (
            globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }
          ).document.documentElement;
          return {
            scroll: root.scrollWidth,
            inner: (globalThis as unknown as { innerWidth: number }).innerWidth,
          };
        });
        expect(widths.scroll, path).toBeLessThanOrEqual(widths.inner);
        expect(await seriousViolations(page), path).toEqual([]);
      }
      expect(problems).toEqual([]);
    });
  }

  it('says plainly when nothing matches', async () => {
    const { page, problems } = await visit();
    await page.goto(`${city.url}/?q=nobody-at-all`);
    await page.getByText('No published entry matches “nobody-at-all”.').waitFor();
    expect(problems).toEqual([]);
  });

  it('answers an address that is no page with a page that says so', async () => {
    const { page, problems } = await visit();
    const res = await page.goto(`${city.url}/no/such/page`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'No such page' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the API reference at /docs with no Content-Security-Policy violation', async () => {
    const { page, problems } = await visit();
    await page.goto(`${city.url}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.getByText('/v1/publications').first().waitFor();
    expect(problems).toEqual([]);
  });
});
