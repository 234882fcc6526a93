// The citizen portal in real Chromium (issue 13, item 2; docs/web.md): a listed debtor signs in
// with a one-time code, reads their standing explained, objects to a record and sees it pending,
// reads notices and the access log, downloads all their data and opens the printable report.
// Every page is checked with axe-core, for console errors and CSP violations, and at 360 px for
// horizontal scrolling; in both languages. NOT RUN, and says so, where Chromium is missing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { instant } from '../../src/core/time/instant.js';
import { scratchDir } from '../support/cli-harness.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from '../http/http-harness.js';
import {
  browsers,
  launchChromium,
  LISTED,
  newVisit,
  OTHER,
  seriousViolations,
  type Visit,
} from './browser-harness.js';

/** No horizontal scrolling: the page fits the viewport's width. */
async function fitsWidth(page: Page): Promise<boolean> {
  const fits: unknown = await page.evaluate(
    'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
  );
  return fits === true;
}

describe.each(browsers('citizen portal (browser)'))('the citizen portal in %s', () => {
  let h: Harness;
  let url: string;
  let browser: Browser;
  const visits: Visit[] = [];

  beforeAll(async () => {
    h = await startHarness({
      keyFile: join(scratchDir('probity-citizen-browser-'), 'authority-key.pem'),
      before: async (store) => {
        await ingestAsCourt(
          store,
          [debtorRecord(LISTED, 'c-1', '2025-12-20'), debtorRecord(OTHER, 'c-2', '2025-12-21')],
          instant(T0 - 60 * DAY),
        );
      },
    });
    url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const visit of visits) await visit.context.close();
    await browser?.close();
    await h?.close();
  });

  async function visit(options: Parameters<typeof newVisit>[1] = {}): Promise<Visit> {
    const v = await newVisit(browser, { width: 360, ...options });
    visits.push(v);
    return v;
  }

  async function codeFor(subject: string): Promise<string> {
    const deps = { store: h.store, audit: h.audit, clock: h.clock };
    return (await issueSignInCode(deps, OPERATOR, { identifier: subject })).code;
  }

  /** Checks every page gets: axe, and no horizontal scroll at the visit's width. */
  async function pageIsSound(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
  }

  async function signIn(
    page: Page,
    labels = { id: 'Identity number or credit code', code: 'One-time code', submit: 'Sign in' },
    subject = LISTED,
  ) {
    await page.goto(`${url}/citizen`);
    await page.getByLabel(labels.id).fill(subject);
    await page.getByLabel(labels.code).fill(await codeFor(subject));
    await page.getByRole('button', { name: labels.submit }).click();
  }

  it('signs in with a one-time code and explains the standing, at phone width', async () => {
    const { page, problems } = await visit();
    await page.goto(url);
    await page
      .getByRole('navigation', { name: 'Site' })
      .getByRole('link', { name: 'My record' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to see your record' }).waitFor();
    await page.getByText('npx probity citizen code').waitFor();
    await pageIsSound(page);

    // A wrong code is refused with what went wrong.
    await page.getByLabel('Identity number or credit code').fill(LISTED);
    await page.getByLabel('One-time code').fill('000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/That code is not valid/)
      .waitFor();

    await page.getByLabel('One-time code').fill(await codeFor(LISTED));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My standing' }).waitFor();
    await page
      .getByRole('term')
      .filter({ hasText: /^Grade$/ })
      .waitFor();
    // The explanation: the contribution, its record and what would end it.
    const contribution = page
      .getByRole('listitem')
      .filter({ hasText: 'court.dishonest-debtor' })
      .first();
    await contribution.getByText(/What would restore it/).waitFor();
    await contribution
      .getByText(/stops counting/)
      .first()
      .waitFor();
    // The score over time: a chart (an image with its label) and its figures in a table.
    await page.getByRole('img', { name: /^Your score from .+ to .+$/ }).waitFor();
    await page.getByText('The figures').click();
    await page
      .getByRole('table', { name: /^Your score from/ })
      .getByRole('row')
      .nth(5)
      .waitFor();
    await page.getByRole('heading', { name: 'Lists you are on' }).waitFor();
    await page.getByRole('heading', { name: 'Measures in effect' }).waitFor();
    await page
      .getByText(/^In effect (until .+|with no end date), while a list/)
      .first()
      .waitFor();
    expect(await page.getByText(OTHER).count()).toBe(0);
    await pageIsSound(page);

    // Sign out: the server ends the session (DELETE /v1/citizen/session), then the sign-in page
    // again, the token gone from sessionStorage, and refused by the server from then on.
    const kept = JSON.parse(
      String(await page.evaluate("sessionStorage.getItem('probity.citizen.session')")),
    ) as { token: string };
    const ended = page.waitForResponse(
      (r) => r.url().endsWith('/v1/citizen/session') && r.request().method() === 'DELETE',
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await ended).status()).toBe(204);
    await page.getByRole('heading', { level: 1, name: 'Sign in to see your record' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    const refused = await fetch(new URL('/v1/citizen/me', url), {
      headers: { authorization: `Bearer ${kept.token}` },
    });
    expect(refused.status).toBe(401);
    const unauthorised = problems.filter((p) => !p.includes('401'));
    expect(unauthorised).toEqual([]);
  });

  it('objects to a record and then shows the objection pending', async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'My standing' }).waitFor();
    await page
      .getByRole('navigation', { name: 'My record' })
      .getByRole('link', { name: 'Records' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'My records' }).waitFor();
    const record = page.getByRole('article').filter({ hasText: 'court.dishonest-debtor' }).first();
    await record.getByText('Counts now').waitFor();
    await pageIsSound(page);

    await record.getByText('Object to this record').click();
    await record
      .getByLabel('Why you contest it (grounds)')
      .fill('The debt was paid in full in January.');
    await record.getByLabel('Evidence (optional)').fill('receipt 2026-01-15');
    await pageIsSound(page);
    await record.getByRole('button', { name: 'File the objection' }).click();
    await page
      .getByRole('status')
      .getByText(/Objection \d+ filed\. The agency must decide by/)
      .waitFor();
    await page
      .getByRole('article')
      .filter({ hasText: 'court.dishonest-debtor' })
      .first()
      .getByText('Objection pending: the agency has not decided yet.')
      .waitFor();
    await page
      .getByText(/^objection filed on .+ by you/)
      .first()
      .waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });

  it('appeals the agency’s decision on an objection to the authority', async () => {
    const { page, problems } = await visit();
    await signIn(page, undefined, OTHER);
    await page.getByRole('heading', { level: 1, name: 'My standing' }).waitFor();
    await page
      .getByRole('navigation', { name: 'My record' })
      .getByRole('link', { name: 'Records' })
      .click();
    const record = () =>
      page.getByRole('article').filter({ hasText: 'court.dishonest-debtor' }).first();
    await record().getByText('Object to this record').click();
    await record().getByLabel('Why you contest it (grounds)').fill('Not my case number.');
    await record().getByRole('button', { name: 'File the objection' }).click();
    const filed = page.getByRole('status').getByText(/^Objection \d+ filed\./);
    const objection = /^Objection (\d+) filed/.exec(await filed.innerText())?.[1];
    expect(objection).toBeDefined();

    // The court decides it (its own door), and the citizen sees the decision and may appeal.
    const decided = await h.app.inject({
      method: 'POST',
      url: `/v1/objections/${objection}/decision`,
      headers: bearer('court'),
      payload: { outcome: 'upheld', reason: 'The case number is right.' },
    });
    expect(decided.statusCode).toBe(201);
    await page.waitForLoadState('networkidle'); // nothing in flight is cut by the reload
    await page.reload();
    await record().getByText('Objection decided: upheld (the record stands).').waitFor();
    await record().getByText('Appeal the decision').click();
    await record().getByLabel('Why you appeal (grounds)').fill('The court mixed up two cases.');
    await pageIsSound(page);
    await record().getByRole('button', { name: 'File the appeal' }).click();
    await page
      .getByRole('status')
      .getByText(/^Appeal \d+ filed with the authority\.$/)
      .waitFor();
    await record().getByText('Appeal pending with the authority.').waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });

  it('says the session has ended when the server no longer knows it, and asks to sign in again', async () => {
    const { page, problems } = await visit();
    await page.goto(`${url}/citizen/records`);
    await page.waitForLoadState('networkidle'); // nothing in flight is cut by the reload
    await page.evaluate(
      `sessionStorage.setItem('probity.citizen.session', JSON.stringify({token: 'prc_ended', expiresAt: '2026-03-01T09:00:00.000Z', subject: '${LISTED}'}))`,
    );
    await page.reload();
    await page.getByRole('status').getByText('Your session has ended. Sign in again.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Sign in to see your record' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await pageIsSound(page);
    // The API's 401 is the answer, not a fault of the page.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('downloads all my data: my records, and nobody else’s identifier', async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'My standing' }).waitFor();
    await page
      .getByRole('navigation', { name: 'My record' })
      .getByRole('link', { name: 'My data' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'My data' }).waitFor();
    await pageIsSound(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download all my data (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^probity-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const text = readFileSync(await download.path(), 'utf8');
    const data = JSON.parse(text) as {
      subject: string;
      records: { sourceRef: string }[];
      accessLog: { entries: unknown[] };
    };
    expect(data.subject).toBe(LISTED);
    expect(data.records.map((r) => r.sourceRef)).toEqual(['c-1']);
    expect(data.accessLog.entries.length).toBeGreaterThan(0);
    expect(text).not.toContain(OTHER);
    await page
      .getByRole('status')
      .getByText(/^Downloaded probity-my-data-/)
      .waitFor();
    expect(problems).toEqual([]);
  });

  it('shows the notices, the access log and the printable report', async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'My standing' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'My record' });

    await nav.getByRole('link', { name: 'Notices' }).click();
    await page.getByRole('heading', { level: 1, name: 'My notices' }).waitFor();
    await page.locator('.card, .state-empty').first().waitFor();
    await pageIsSound(page);

    await nav.getByRole('link', { name: 'Who looked' }).click();
    await page.getByRole('heading', { level: 1, name: 'Who looked at my data, and why' }).waitFor();
    // The sign-in and this portal's own reads are in the log.
    await page
      .getByRole('table', { name: /Accesses, newest first/ })
      .getByText('sign-in')
      .first()
      .waitFor();
    await pageIsSound(page);

    await nav.getByRole('link', { name: 'Credit report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Credit report' }).waitFor();
    await page
      .getByRole('table', { name: 'Records' })
      .getByText('Dishonest judgment debtor (able to perform but refuses)')
      .first()
      .waitFor();
    await pageIsSound(page);
    // Printed: no navigation, no buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(
      false,
    );
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(problems).toEqual([]);
  });

  it('is in Simplified Chinese for a Chinese browser, sign-in to standing', async () => {
    const { page, problems } = await visit({ locale: 'zh-CN' });
    await signIn(page, {
      id: '身份证号码或统一社会信用代码',
      code: '一次性验证码',
      submit: '登录',
    });
    await page.getByRole('heading', { level: 1, name: '我的信用状况' }).waitFor();
    await page.getByText('您的分数构成').waitFor();
    await pageIsSound(page);
    await page
      .getByRole('navigation', { name: '我的信用记录' })
      .getByRole('link', { name: '记录', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: '我的记录' }).waitFor();
    // The category named in the reader's language, from the catalogue's labels.
    await page
      .getByRole('heading', { level: 2, name: /失信被执行人（有履行能力而拒不履行）/ })
      .first()
      .waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });
});
