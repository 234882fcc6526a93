// The authority dashboard in real Chromium (issue 13, item 4; docs/web.md): the authority signs
// in with its agency token and reads the population. Every page is checked with axe-core, for
// console errors and CSP violations, and at 360 px for horizontal scrolling; in both languages.
// NOT RUN, and says so, where Chromium is missing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
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

/** The reference policy, one version up, with the debtors' notice period at 60 days. */
const DRAFT = REFERENCE_DOCUMENTS.policyText
  .replace(/^version: (\d+)$/m, (_, v: string) => `version: ${Number(v) + 1}`)
  .replace('noticePeriod: P10D', 'noticePeriod: P60D');

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

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${city.url}/authority`);
    await page.getByLabel('Authority token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'The population' }).waitFor();
  }

  it('validates a draft (problems inline), simulates it (charts and tables) and activates it, at phone width', async () => {
    const { page, problems } = await visit({ width: 360 });
    await signIn(page);
    await page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: 'Policy workbench' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Policy workbench' }).waitFor();
    await pageIsSound(page);

    // A draft with a problem: shown inline with its path.
    const broken = DRAFT.replace("points: 'record.hours / 10'", "points: 'record.hours /'");
    expect(broken).not.toBe(DRAFT);
    await page.getByLabel('The draft policy').fill(broken);
    await page.getByRole('button', { name: 'Validate' }).click();
    const invalid = page.getByRole('alert').filter({ hasText: /^Not valid/ });
    await invalid.waitFor();
    expect(await invalid.getByRole('listitem').count()).toBeGreaterThan(0);
    await invalid.getByText(/rules/).first().waitFor();
    await pageIsSound(page);

    // A valid draft: its summary, then the simulation as charts and tables.
    await page.getByLabel('The draft policy').fill(DRAFT);
    await page.getByRole('button', { name: 'Validate' }).click();
    await page
      .getByRole('status')
      .getByText(/^Valid: /)
      .waitFor();
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await page.getByRole('heading', { level: 2, name: 'The simulation' }).waitFor();
    await page
      .getByRole('table', { name: /^Subjects by grade under the policy in force/ })
      .waitFor();
    await page.getByRole('img', { name: 'List entries gained and lost under the draft' }).waitFor();
    await page
      .getByRole('table', { name: 'List entries gained and lost under the draft' })
      .getByRole('row')
      .filter({ hasText: 'dishonest-debtors' })
      .waitFor();
    await page.getByRole('img', { name: /^Subjects per score band/ }).waitFor();
    await page.getByRole('table', { name: 'The simulation by district' }).waitFor();
    await page.getByRole('table', { name: 'The simulation by age band' }).waitFor();
    await pageIsSound(page);

    // Activating from a date in the past is refused with its reason; from tomorrow, activated.
    await page.getByLabel('In force from').fill('2026-02-01');
    await page.getByRole('button', { name: 'Activate the draft' }).click();
    await page.getByRole('alert').getByText('Refused (PolicyEffectiveInPast):').waitFor();
    await page.getByLabel('In force from').fill('2026-03-02');
    await page.getByRole('button', { name: 'Activate the draft' }).click();
    await page
      .getByRole('status')
      .getByText(/^Activated: .+ is in force from/)
      .waitFor();
    await pageIsSound(page);
    // The refusal's answer (422) is logged by the browser as a failed resource; nothing else.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
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
