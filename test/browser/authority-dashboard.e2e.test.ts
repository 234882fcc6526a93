// The authority dashboard in real Chromium (issue 13, item 4; docs/web.md): the authority signs
// in with its agency token and reads the population. Every page is checked with axe-core, for
// console errors and CSP violations, and at 360 px for horizontal scrolling; in both languages.
// NOT RUN, and says so, where Chromium is missing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyOneVersionUp, writeFairCity } from '../factories/fair-city.js';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
import { startHarness, type Harness } from '../http/http-harness.js';
import { scratchDir } from '../support/cli-harness.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const DRAFT = policyOneVersionUp;

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
    // The lists at `at`: the debtors' list with its three debtors, by its label (not its id).
    const lists = page.getByRole('table', { name: /^List sizes at / });
    await lists
      .getByRole('row')
      .filter({ hasText: 'List of dishonest judgment debtors' })
      .getByText('3')
      .waitFor();
    expect(await lists.getByText('dishonest-debtors').count()).toBe(0);
    // The checks of this month: the flights (by the measure's label), one denied.
    const checks = page.getByRole('table', {
      name: /^Checks answered and denials per measure from/,
    });
    const flights = checks
      .getByRole('row')
      .filter({ hasText: 'Purchase of civil aviation tickets' });
    expect(await flights.getByRole('cell').allTextContents()).toEqual(['2', '1']);
    expect(await checks.getByText('travel.flight').count()).toBe(0);
    await page
      .getByRole('img', { name: /^Checks answered and denials per measure, each/ })
      .waitFor();
    // The list sizes day by day: a chart, and its figures behind a disclosure (a row a day): the
    // door's default period, the 30 days to today, shown in the page's dates.
    const history = /^List sizes at the end of each day from January 31, 2026 to March 1, 2026/;
    await page.getByRole('img', { name: history }).waitFor();
    await page.getByText('The figures, day by day').first().click();
    await page.getByRole('table', { name: history }).getByRole('row').nth(30).waitFor();
    expect(await page.getByLabel('From (included)').inputValue()).toBe('2026-01-31');
    expect(await page.getByLabel('To (included)').inputValue()).toBe('2026-03-01');
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

  it('picks a period on the population page: the figures change, the URL keeps it, a wrong one is explained', async () => {
    const { page, problems } = await visit({ width: 360 });
    await signIn(page);
    const checks = page.getByRole('table', {
      name: /^Checks answered and denials per measure from/,
    });
    await checks
      .getByRole('row')
      .filter({ hasText: 'Purchase of civil aviation tickets' })
      .waitFor();

    // February: no check answered yet, the history a row a day of February.
    await page.getByLabel('From (included)').fill('2026-02-01');
    await page.getByLabel('To (included)').fill('2026-02-28');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('No check answered in these days.').waitFor();
    const february =
      /^List sizes at the end of each day from February 1, 2026 to February 28, 2026/;
    await page.getByRole('img', { name: february }).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-02-01');
    expect(new URL(page.url()).searchParams.get('to')).toBe('2026-02-28');
    await pageIsSound(page);

    // The URL holds the view: reloaded, the same period and figures.
    await page.reload();
    await page.getByRole('img', { name: february }).waitFor();
    await page.getByText('No check answered in these days.').waitFor();
    expect(await page.getByLabel('From (included)').inputValue()).toBe('2026-02-01');

    // A period backwards or too long is explained before any request; the URL stays.
    await page.getByLabel('From (included)').fill('2026-02-28');
    await page.getByLabel('To (included)').fill('2026-02-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await page
      .getByRole('alert')
      .getByText('The first day is after the last day: swap them.')
      .waitFor();
    await page.getByLabel('From (included)').fill('2024-01-01');
    await page.getByLabel('To (included)').fill('2026-02-28');
    await page.getByRole('button', { name: 'Show' }).click();
    await page
      .getByRole('alert')
      .getByText(/longer than 366 days/)
      .waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-02-01');
    await pageIsSound(page);

    // A period after the server's today: the API refuses it (400), and the page says so.
    await page.goto(`${city.url}/authority?from=2026-04-01&to=2026-04-30`);
    await page
      .getByRole('alert')
      .getByText(/InvalidRequest/)
      .waitFor();
    await pageIsSound(page);

    // Back to the door's defaults: the last 30 days, the flights of today again.
    await page.getByRole('button', { name: 'Back to the defaults' }).click();
    const flights = checks
      .getByRole('row')
      .filter({ hasText: 'Purchase of civil aviation tickets' });
    await flights.waitFor();
    expect(await flights.getByRole('cell').allTextContents()).toEqual(['2', '1']);
    expect(new URL(page.url()).search).toBe('');
    // The refusal's answer (400) is logged by the browser as a failed resource; nothing else.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
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
    // The draft starts as the policy in force, which can be downloaded as it stands.
    await page
      .getByText(/^The draft started as the policy in force: city-reference version 2/)
      .waitFor();
    const area = page.getByLabel('The draft policy');
    expect(await area.inputValue()).toBe(REFERENCE_DOCUMENTS.policyText);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the draft' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('policy-draft.yaml');
    expect(readFileSync(await download.path(), 'utf8')).toBe(REFERENCE_DOCUMENTS.policyText);
    await pageIsSound(page);

    // A draft with a problem: shown inline with its path and its line, whose text is quoted; the
    // line's button moves the caret to it.
    const broken = DRAFT.replace("points: 'record.hours / 10'", "points: 'record.hours /'");
    expect(broken).not.toBe(DRAFT);
    const brokenLine = broken.split('\n').findIndex((l) => l.includes("'record.hours /'")) + 1;
    await area.fill(broken);
    await page.getByRole('button', { name: 'Validate' }).click();
    const invalid = page.getByRole('alert').filter({ hasText: /^Not valid/ });
    await invalid.waitFor();
    expect(await invalid.getByRole('listitem').count()).toBeGreaterThan(0);
    await invalid.getByText(/rules/).first().waitFor();
    const problem = invalid.getByRole('listitem').filter({ hasText: "points: 'record.hours /'" });
    await problem.getByRole('button', { name: `Line ${brokenLine}` }).click();
    const lineStart = broken
      .split('\n')
      .slice(0, brokenLine - 1)
      .reduce((n, l) => n + l.length + 1, 0);
    expect(await page.evaluate("document.getElementById('policy-text').selectionStart")).toBe(
      lineStart,
    );
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe(
      'policy-text',
    );
    await pageIsSound(page);
    // Simulating it is refused (PolicyRejected) with the reason, and its problems stay inline.
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await page.getByRole('alert').getByText('Refused (PolicyRejected):').waitFor();
    await invalid.waitFor();

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
    // The transition matrix as a chart too (stacked bars), beside its table.
    await page
      .getByRole('img', {
        name: 'Subjects per grade under the policy in force, each bar divided by their grade under the draft',
      })
      .waitFor();
    await page.getByRole('img', { name: 'List entries gained and lost under the draft' }).waitFor();
    await page
      .getByRole('table', { name: 'List entries gained and lost under the draft' })
      .getByRole('row')
      .filter({ hasText: 'List of dishonest judgment debtors' })
      .waitFor();
    await page.getByRole('img', { name: /^Subjects per score band/ }).waitFor();
    await page.getByRole('table', { name: 'The simulation by district' }).waitFor();
    await page
      .getByRole('table', { name: 'The simulation by age band' })
      .getByRole('rowheader', { name: '18 to 24' })
      .waitFor();
    await pageIsSound(page);

    // As of a past day: the simulation scores the city then; a day after today is explained.
    await page.getByLabel('Simulate as of').fill('2026-03-05');
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Pick today or a day before it/)
      .waitFor();
    await page.getByLabel('Simulate as of').fill('2026-02-20');
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await page
      .getByText(/subjects scored at Feb 20, 2026, 12:00 AM UTC under the policy in force/)
      .waitFor();
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
    // The refusals' answers (422) are logged by the browser as failed resources; nothing else.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
  });

  it('shows every page of the dashboard in Chinese for a Chinese browser', async () => {
    const { page, problems } = await visit({ locale: 'zh-CN' });
    await page.goto(`${city.url}/authority`);
    await page.getByRole('heading', { level: 1, name: '主管机关仪表板' }).waitFor();
    await page.getByLabel('主管机关令牌').fill(TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '总体情况' }).waitFor();
    await page.getByRole('table', { name: /的等级分布$/ }).waitFor();
    // Lists and measures by their Chinese labels from the policy in force.
    await page
      .getByRole('table', { name: /名单规模/ })
      .first()
      .getByRole('row')
      .filter({ hasText: '失信被执行人名单' })
      .first()
      .waitFor();
    await page.getByRole('row').filter({ hasText: '购买民航机票' }).first().waitFor();
    // The page's dates, in Chinese too.
    await page.getByRole('group', { name: '显示的日期' }).waitFor();
    expect(await page.getByLabel('起始日（含）').inputValue()).toBe('2026-01-31');
    await page.getByRole('button', { name: '恢复默认' }).waitFor();
    await pageIsSound(page);
    const nav = page.getByRole('navigation', { name: '仪表板' });
    await nav.getByRole('link', { name: '政策工作台' }).click();
    await page.getByRole('heading', { level: 1, name: '政策工作台' }).waitFor();
    await page.getByLabel('政策草案').waitFor();
    await pageIsSound(page);
    await nav.getByRole('link', { name: '公平性' }).click();
    await page.getByRole('heading', { level: 1, name: '公平性监测' }).waitFor();
    await page.getByRole('table', { name: '按区划分的各名单人员比例' }).waitFor();
    const byAgeBandZh = page.getByRole('table', { name: '按年龄段划分的各名单人员比例' });
    await byAgeBandZh.getByRole('rowheader', { name: '未满 18 岁' }).waitFor();
    await byAgeBandZh.getByRole('rowheader', { name: '65 岁及以上' }).waitFor();
    await byAgeBandZh.getByRole('columnheader', { name: '失信被执行人名单' }).waitFor();
    await pageIsSound(page);
    await nav.getByRole('link', { name: '各机构的异议' }).click();
    await page.getByRole('heading', { level: 1, name: '各机构的异议' }).waitFor();
    await page.getByLabel('截止日（含）').waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });

  it('shows the fairness monitor’s groups, flags and suppressed groups, and objections per agency', async () => {
    // The hand-made city of the HTTP suite: four districts, one of them listed far more often
    // (flagged high), two too small to show (suppressed).
    const fair: Harness = await startHarness({
      keyFile: join(scratchDir('probity-fairness-browser-'), 'authority-key.pem'),
      before: async (store) => {
        await writeFairCity(store);
      },
    });
    try {
      const fairUrl = await fair.app.listen({ host: '127.0.0.1', port: 0 });
      const { page, problems } = await visit({ width: 360 });
      await page.goto(`${fairUrl}/authority`);
      await page.getByLabel('Authority token').fill(TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'The population' }).waitFor();
      await page
        .getByRole('navigation', { name: 'Dashboard' })
        .getByRole('link', { name: 'Fairness' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Fairness monitor' }).waitFor();
      const byDistrict = page.getByRole('table', {
        name: 'Share of persons on each list, by district',
      });
      await byDistrict
        .getByRole('row')
        .filter({ hasText: 'Chaoyang' })
        .getByText(/flagged high/)
        .waitFor();
      expect(
        await byDistrict.getByRole('row').filter({ hasText: 'suppressed' }).count(),
      ).toBeGreaterThanOrEqual(2);
      await page.getByRole('img', { name: 'Share of persons on each list, by age band' }).waitFor();
      // Age bands by their names, not their ids.
      const byAgeBand = page.getByRole('table', {
        name: 'Share of persons on each list, by age band',
      });
      await byAgeBand.getByRole('rowheader', { name: 'under 18' }).waitFor();
      await byAgeBand.getByRole('rowheader', { name: '65 and over' }).waitFor();
      expect(await byAgeBand.getByText('under-18').count()).toBe(0);
      await page.getByRole('table', { name: 'Share of persons on each list, by sex' }).waitFor();
      await page.getByRole('table', { name: 'Share of checks denied, by district' }).waitFor();
      await page
        .getByRole('listitem')
        .filter({
          hasText: /^On List of dishonest judgment debtors, district Chaoyang: flagged high/,
        })
        .waitFor();
      await pageIsSound(page);
      // As of an earlier day, kept in the URL: the membership then (the debtors were listed
      // already on 20 February).
      expect(await page.getByLabel('Figures as of').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await page.getByLabel('Figures as of').fill('2026-02-20');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByText(/^List membership of the persons scorable at Feb 20, 2026/).waitFor();
      expect(new URL(page.url()).searchParams.get('at')).toBe('2026-02-20');
      await byDistrict
        .getByRole('row')
        .filter({ hasText: 'Chaoyang' })
        .getByText(/flagged high/)
        .waitFor();
      await pageIsSound(page);

      await page
        .getByRole('navigation', { name: 'Dashboard' })
        .getByRole('link', { name: 'Objections per agency' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Objections per agency' }).waitFor();
      await page
        .getByRole('table', { name: 'Objections per agency and how they were decided' })
        .getByRole('row')
        .filter({ hasText: 'court' })
        .first()
        .waitFor();
      // The window the door answered by default, in the page's dates; a period picked is kept in
      // the URL and asked for.
      const to = await page.getByLabel('To (included)').inputValue();
      expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await page.getByLabel('From (included)').fill(to);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('from') === to);
      expect(new URL(page.url()).searchParams.get('to')).toBe(to);
      await page
        .getByText('No agency recorded records or had objections filed in this window.')
        .waitFor();
      await pageIsSound(page);
      expect(problems).toEqual([]);
    } finally {
      await fair.close();
    }
  });
});
