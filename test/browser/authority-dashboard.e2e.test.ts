// The authority dashboard in real Chromium (issue 13, item 4; docs/web.md): the authority signs
// in with its agency token and reads the population. Every page is checked with axe-core, for
// console errors and CSP violations, and at 360 px for horizontal scrolling; in both languages.
// NOT RUN, and says so, where Chromium is missing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browsers,
  launchChromium,
  newVisit,
  seriousViolations,
  startPublicCity,
  type PublicCity,
  type Visit,
} from './browser-harness.js';

/** No horizontal scrolling: the page fits the viewport's width. */
async function fitsWidth(page: Page): Promise<boolean> {
  const fits: unknown = await page.evaluate(
    'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
  );
  return fits === true;
}

const TOKEN = 'demo-authority-1';

describe.each(browsers('authority dashboard (browser)'))('the authority dashboard in %s', () => {
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

  /** Checks every page gets: axe, and no horizontal scroll at the visit's width. */
  async function pageIsSound(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
  }

  it('signs in with the authority token (another agency’s is refused) and shows the population, at phone width', async () => {
    const { page, problems } = await visit({ width: 360 });
    await page.goto(city.url);
    await page
      .getByRole('navigation', { name: 'Site' })
      .getByRole('link', { name: 'Authority' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'The authority’s dashboard' }).waitFor();
    await page.getByText('demo-authority-1').waitFor();
    await pageIsSound(page);

    // An agency that is not the authority is refused with why; a wrong token too.
    await page.getByLabel('Authority token').fill('demo-aviation-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/not the authority’s/)
      .waitFor();

    await page.getByLabel('Authority token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'The population' }).waitFor();
    // The grades: a chart (an image with its label) and its figures in a table.
    await page.getByRole('img', { name: /^Subjects per grade and kind at / }).waitFor();
    await page.getByRole('table', { name: /^Subjects per grade and kind at / }).waitFor();
    // The lists at `at`: the debtors' list with its three debtors.
    const lists = page.getByRole('table', { name: /^List sizes at / });
    await lists.getByRole('row').filter({ hasText: 'dishonest-debtors' }).getByText('3').waitFor();
    // The checks of this month: the flights, one denied.
    const checks = page.getByRole('table', {
      name: /^Checks answered and denials per measure, the last/,
    });
    const flights = checks.getByRole('row').filter({ hasText: 'travel.flight' });
    expect(await flights.getByRole('cell').allTextContents()).toEqual(['2', '1']);
    await page
      .getByRole('img', { name: /^Checks answered and denials per measure, each/ })
      .waitFor();
    await page.getByRole('heading', { name: 'Feed consumers' }).waitFor();
    await page.getByText(/versions published; the last/).waitFor();
    await pageIsSound(page);

    // Signing out forgets the token.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Authority token').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    // The refused sign-in's answer 403 is logged by the browser as a failed resource; nothing else.
    expect(problems.filter((p) => !p.includes('status of 403'))).toEqual([]);
  });

  it('shows the dashboard in Chinese for a Chinese browser', async () => {
    const { page, problems } = await visit({ locale: 'zh-CN' });
    await page.goto(`${city.url}/authority`);
    await page.getByRole('heading', { level: 1, name: '主管机关仪表板' }).waitFor();
    await page.getByLabel('主管机关令牌').fill(TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '总体情况' }).waitFor();
    await page.getByRole('table', { name: /的等级分布$/ }).waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });
});
