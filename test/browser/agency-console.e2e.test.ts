// The agency console in real Chromium (issue 13, item 3; docs/web.md): the court signs in with its
// token, submits a record through the form generated from the catalogue (a refusal shown with its
// reason), uploads a small file with one bad line (reported rejected with its reason, the others
// accepted), and decides an objection a citizen filed through the API. Every page is checked with
// axe-core, for console errors and CSP violations, and at 360 px for sideways scrolling; in both
// languages. NOT RUN, and says so, where Chromium is missing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { instant } from '../../src/core/time/instant.js';
import { adultOf, personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';
import {
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

/** A debtor who agrees a payment plan, then pays. */
const PLANNER = personId('1985-05-05', 33);

async function fitsWidth(page: Page): Promise<boolean> {
  const fits: unknown = await page.evaluate(
    'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
  );
  return fits === true;
}

/** What a page logged beyond the refusals the test asks for (401 and 422 answers). */
const unexpected = (problems: readonly string[]) =>
  problems.filter((p) => !/status of (401|422)/.test(p));

describe.each(browsers('agency console (browser)'))('the agency console in %s', () => {
  let h: Harness;
  let url: string;
  let browser: Browser;
  let recordIds: number[];
  const visits: Visit[] = [];

  beforeAll(async () => {
    h = await startHarness({
      keyFile: join(scratchDir('probity-agency-browser-'), 'authority-key.pem'),
      before: async (store) => {
        recordIds = await ingestAsCourt(
          store,
          [
            debtorRecord(LISTED, 'c-1', '2025-12-20'),
            debtorRecord(OTHER, 'c-2', '2025-12-21'),
            debtorRecord(PLANNER, 'c-3', '2025-12-22'),
          ],
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
    // The browser's clock is the server's (the harness's clock is T0), so deadlines count down.
    await v.page.clock.setFixedTime(new Date(T0 + 60_000));
    return v;
  }

  async function pageIsSound(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
  }

  async function signIn(
    page: Page,
    token = 'demo-court-1',
    labels = { token: 'Agency token', submit: 'Sign in' },
  ) {
    await page.goto(`${url}/agency`);
    await page.getByLabel(labels.token).fill(token);
    await page.getByRole('button', { name: labels.submit }).click();
  }

  it('signs in with the agency token, submits a record through the form and signs out', async () => {
    const { page, problems } = await visit();
    await page.goto(url);
    await page
      .getByRole('navigation', { name: 'Site' })
      .getByRole('link', { name: 'Agency console' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Agency console' }).waitFor();
    await page.getByText(/demo-<kind>-1/).waitFor();
    await pageIsSound(page);

    await page.getByLabel('Agency token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText("That token is not an agency's token in force.")
      .waitFor();

    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Submit a record' }).waitFor();
    await page.getByText(/^Signed in as .+ \(court, kind court\)/).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('probity.agency.session')")).toContain(
      'demo-court-1',
    );
    // Only the categories GET /v1/agency/me says the court may submit.
    const offered = await page.getByLabel('Category').locator('option').allTextContents();
    expect(offered.length).toBeGreaterThan(1);
    expect(offered.filter((o) => !/\(court\.[a-z-]+\)$/.test(o))).toEqual([]);
    await page.getByLabel('Category').selectOption('court.dishonest-debtor');
    await page.getByRole('group', { name: /^Fields of / }).waitFor();
    await pageIsSound(page);

    const subject = personId('1990-04-04', 5);
    await page.getByLabel('Your reference').fill('form-1');
    await page.getByLabel('Subject (identity number or credit code)').fill(subject);
    await page.getByLabel('Amount (fen)').fill('1200000');
    await page.getByLabel('Case number').fill('(2026)京0105执77号');
    // A date the server has not reached yet (its clock is 1 March 2026): refused with its reason.
    await page.getByLabel('Date of the conduct').fill('2026-06-01');
    await page.getByRole('button', { name: 'Submit the record' }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText(/Refused \(422 /).waitFor();
    await refusal.getByText(/OccurredInFuture/).waitFor();
    await pageIsSound(page);

    await page.getByLabel('Date of the conduct').fill('2026-02-01');
    await page.getByRole('button', { name: 'Submit the record' }).click();
    await page
      .getByRole('status')
      .getByText(/^Record \d+ accepted \(form-1\)\.$/)
      .waitFor();
    const accepted = await page
      .getByRole('status')
      .getByText(/^Record \d+ accepted/)
      .textContent();
    const recordId = /Record (\d+)/.exec(accepted ?? '')?.[1] ?? '';
    // The same reference again is a duplicate, not a second record.
    await page.getByRole('button', { name: 'Submit the record' }).click();
    await page
      .getByRole('status')
      .getByText(/^Already recorded as record \d+ \(form-1\)/)
      .waitFor();
    await pageIsSound(page);

    // The debtor paid: the record fulfilled.
    await page.getByLabel('Record id').fill(recordId);
    await page.getByLabel('Event', { exact: true }).selectOption('fulfilled');
    await page.getByRole('button', { name: 'Record the event' }).click();
    await page
      .getByRole('status')
      .getByText(`Recorded on record ${recordId}: fulfilled (the obligation was performed).`)
      .waitFor();
    await pageIsSound(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agency console' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(unexpected(problems)).toEqual([]);
  });

  it('uploads a file with one bad line: the others accepted, the bad one rejected with its reason', async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await page
      .getByRole('navigation', { name: 'Agency console' })
      .getByRole('link', { name: 'Upload a file' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Upload a file of records' }).waitFor();
    await pageIsSound(page);
    const lines = [
      debtorRecord(personId('1970-01-01', 11), 'f-1', '2026-01-05'),
      debtorRecord(personId('1970-01-01', 12), 'f-2', '2027-01-01'),
      debtorRecord(personId('1970-01-01', 13), 'f-3', '2026-01-07'),
    ].map((r) => JSON.stringify(r));
    await page.getByLabel('File of records', { exact: true }).setInputFiles({
      name: 'records.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${lines.join('\n')}\n`),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('2 accepted, 0 duplicate, 1 rejected').waitFor();
    const table = page.getByRole('table', { name: 'Each line of the file' });
    const bad = table.getByRole('row').filter({ hasText: 'f-2' });
    await bad.getByText('rejected').waitFor();
    await bad.getByText(/OccurredInFuture/).waitFor();
    await table.getByRole('row').filter({ hasText: 'f-1' }).getByText('accepted').waitFor();
    await table.getByRole('row').filter({ hasText: 'f-3' }).getByText('accepted').waitFor();
    await pageIsSound(page);
    expect(unexpected(problems)).toEqual([]);
  });

  /** An error answer as the API gives it. */
  const apiError = (code: string, message: string) =>
    JSON.stringify({ error: { code, message, details: [] } });

  /** A JSON lines file of `count` debtor records, references `<prefix>-1`, `<prefix>-2`... */
  function recordsFile(prefix: string, count: number, first: number) {
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify(debtorRecord(adultOf(first + i), `${prefix}-${i + 1}`, '2026-01-05')),
    );
    return {
      name: `${prefix}.jsonl`,
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${lines.join('\n')}\n`),
    };
  }

  async function openUpload(page: Page): Promise<void> {
    await page
      .getByRole('navigation', { name: 'Agency console' })
      .getByRole('link', { name: 'Upload a file' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Upload a file of records' }).waitFor();
  }

  it('an upload cut by a server error on its second batch says what was sent and resumes from the first line not sent', async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await openUpload(page);
    // The second batch (lines 1 001 to 1 003) is answered 503 once.
    let posts = 0;
    await page.route('**/v1/records', async (route) => {
      if (route.request().method() === 'POST' && ++posts === 2)
        return route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: apiError('NotReady', 'the server is not ready'),
        });
      return route.fallback();
    });
    await page
      .getByLabel('File of records', { exact: true })
      .setInputFiles(recordsFile('big', 1003, 5000));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^The upload stopped before line 1001: /).waitFor();
    await page.getByText(/^Sent and answered: 1000 of 1003 lines/).waitFor();
    await page.getByText('Not sent: 3 lines, lines 1001–1003.').waitFor();
    await page.getByText(/Refused \(503 NotReady\)/).waitFor();
    await page.getByText('1000 accepted, 0 duplicate, 0 rejected').waitFor();
    expect(posts).toBe(2);
    await pageIsSound(page);

    await page.getByRole('button', { name: 'Resume from line 1001' }).click();
    await page.getByText('1003 accepted, 0 duplicate, 0 rejected').waitFor();
    expect(await page.getByText(/^The upload stopped/).count()).toBe(0);
    expect(posts).toBe(3);
    const table = page.getByRole('table', { name: 'Each line of the file' });
    await table.getByRole('row').filter({ hasText: 'big-1003' }).getByText('accepted').waitFor();
    expect(unexpected(problems).filter((p) => !/status of 503/.test(p))).toEqual([]);
  });

  it('waits out a 429 once as the server asks; rate-limited again, stops and resumes', async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await openUpload(page);
    let limited = 1;
    await page.route('**/v1/records', async (route) => {
      if (route.request().method() === 'POST' && limited > 0) {
        limited -= 1;
        return route.fulfill({
          status: 429,
          headers: { 'retry-after': '1' },
          contentType: 'application/json',
          body: apiError('RateLimited', 'too many requests'),
        });
      }
      return route.fallback();
    });
    await page
      .getByLabel('File of records', { exact: true })
      .setInputFiles(recordsFile('slow', 3, 6100));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('3 accepted, 0 duplicate, 0 rejected').waitFor();
    await page.getByText(/^The server asked to slow down 1 time\(s\)/).waitFor();

    // Limited twice in a row: the upload stops, nothing of the file sent; then resumed.
    limited = 2;
    await page
      .getByLabel('File of records', { exact: true })
      .setInputFiles(recordsFile('slower', 3, 6200));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^The upload stopped before line 1: /).waitFor();
    await page.getByText('Not sent: 3 lines, lines 1–3.').waitFor();
    await page.getByText(/Refused \(429 RateLimited\)/).waitFor();
    await pageIsSound(page);
    await page.getByRole('button', { name: 'Resume from line 1' }).click();
    await page.getByText('3 accepted, 0 duplicate, 0 rejected').waitFor();
    expect(unexpected(problems).filter((p) => !/status of 429/.test(p))).toEqual([]);
  });

  it('an upload cut by a token no longer accepted (401) resumes after signing in again', async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await openUpload(page);
    let refuse = true;
    await page.route('**/v1/records', async (route) => {
      if (route.request().method() === 'POST' && refuse) {
        refuse = false;
        return route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: apiError('InvalidToken', 'the token is not in force'),
        });
      }
      return route.fallback();
    });
    await page
      .getByLabel('File of records', { exact: true })
      .setInputFiles(recordsFile('expired', 2, 6300));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^The upload stopped before line 1: /).waitFor();
    await page.getByText('Not sent: 2 lines, lines 1–2.').waitFor();
    await page.getByText(/^The server no longer accepts your token\. Sign in again/).waitFor();
    await pageIsSound(page);
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByLabel('Agency token').fill('demo-court-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Resume from line 1' }).click();
    await page.getByText('2 accepted, 0 duplicate, 0 rejected').waitFor();
    await pageIsSound(page);
    expect(unexpected(problems)).toEqual([]);
  });

  it('checks a subject and a batch of identifiers, the results downloadable', async () => {
    const { page, problems } = await visit();
    await signIn(page, 'demo-aviation-1');
    await page
      .getByRole('navigation', { name: 'Agency console' })
      .getByRole('link', { name: 'Checks' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Checks' }).waitFor();
    await page.getByLabel('Measure').selectOption('travel.flight');
    await pageIsSound(page);
    await page.getByLabel('Subject', { exact: true }).fill(OTHER);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    const answer = page.getByRole('status').filter({ hasText: `${OTHER}: denied` });
    await answer
      .getByText(/^On .+ since .+/)
      .first()
      .waitFor();
    await pageIsSound(page);

    const clear = personId('1991-01-01', 21);
    await page.getByLabel('Identifiers, one a line').fill(`${OTHER}\n${clear}\nnot-an-id\n`);
    await page.getByRole('button', { name: 'Check them all' }).click();
    await page
      .getByText('3 checked: 1 denied or not eligible, 1 allowed or eligible, 1 not valid')
      .waitFor();
    await pageIsSound(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the results (CSV)' }).click(),
    ]);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8').split('\n');
    expect(csv[0]).toBe('subject,measure,decision,lists,error');
    expect(csv[1]).toMatch(new RegExp(`^${OTHER},travel\\.flight,deny,\\S+,$`));
    expect(csv[2]).toBe(`${clear},travel.flight,allow,,`);
    expect(csv[3]).toMatch(/^not-an-id,travel\.flight,,,\S+: /);
    expect(unexpected(problems)).toEqual([]);
  });

  /** `subject` signs in and objects to `recordId` through the API; the objection's id. */
  async function objectAs(subject: string, recordId: number, grounds: string): Promise<number> {
    const deps = { store: h.store, audit: h.audit, clock: h.clock };
    const { code } = await issueSignInCode(deps, OPERATOR, { identifier: subject });
    const session = await h.app.inject({
      method: 'POST',
      url: '/v1/citizen/session',
      payload: { identifier: subject, code },
    });
    const { token } = session.json<{ token: string }>();
    const filed = await h.app.inject({
      method: 'POST',
      url: '/v1/citizen/objections',
      headers: { authorization: `Bearer ${token}` },
      payload: { recordId, grounds },
    });
    expect(filed.statusCode).toBe(201);
    return filed.json<{ id: number }>().id;
  }

  it('decides an objection a citizen filed, its deadline counting down', async () => {
    // The citizen objects through the API.
    const recordId = recordIds[0] ?? 0;
    const objectionId = await objectAs(LISTED, recordId, 'The debt was paid in full in January.');

    const { page, problems } = await visit();
    await signIn(page);
    await page
      .getByRole('navigation', { name: 'Agency console' })
      .getByRole('link', { name: 'Objections' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Objections to your records' }).waitFor();
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: `Objection ${objectionId} on record ${recordId}` }),
    });
    await card.getByText('The debt was paid in full in January.').waitFor();
    await card.getByText(/^14 days 23 hours 59 minutes left$/).waitFor();
    await pageIsSound(page);

    await card.getByText('Decide').click();
    await card.getByLabel('Revoke the record (the subject was right)').check();
    await card
      .getByLabel('Reason given to the subject')
      .fill('Paid on 15 January; record revoked.');
    await pageIsSound(page);
    await card.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('No objection here.').waitFor();
    await page.getByLabel('Show').selectOption('decided');
    await page.getByText(/^Decided revoked on .+: Paid on 15 January; record revoked\.$/).waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });

  it("corrects a record through the form generated from its category, prefilled with the record's values", async () => {
    const recordId = recordIds[1] ?? 0;
    const objectionId = await objectAs(OTHER, recordId, 'The amount is wrong: I owed 12 000 yuan.');
    const { page, problems } = await visit();
    await signIn(page);
    await page
      .getByRole('navigation', { name: 'Agency console' })
      .getByRole('link', { name: 'Objections' })
      .click();
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: `Objection ${objectionId} on record ${recordId}` }),
    });
    await card.getByText('The amount is wrong: I owed 12 000 yuan.').waitFor();
    await card.getByText('Decide').click();
    await card.getByLabel('Correct the record (some of its values were wrong)').check();
    const fields = card.getByRole('group', { name: /^The fields of .+ after the correction$/ });
    // Prefilled with the record's values now.
    expect(await fields.getByLabel('Amount (fen)').inputValue()).toBe('2500000');
    expect(await fields.getByLabel('Case number').inputValue()).toBe('(2026)京0105执c-2号');
    await pageIsSound(page);
    await fields.getByLabel('Amount (fen)').fill('1200000');
    await card.getByLabel('Reason given to the subject').fill('The amount was mistyped.');
    await card.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('No objection here.').waitFor();
    await page.getByLabel('Show').selectOption('decided');
    const decided = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: `Objection ${objectionId} on record ${recordId}` }),
    });
    await decided.getByText(/^Decided corrected on .+: The amount was mistyped\.$/).waitFor();
    await decided.getByText('Amount (fen): 1200000').waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });

  it("lists the court's own records, finds one by subject and records a payment plan and its fulfilment on it", async () => {
    const { page, problems } = await visit();
    await signIn(page);
    await page
      .getByRole('navigation', { name: 'Agency console' })
      .getByRole('link', { name: 'Your records' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Your records' }).waitFor();
    // Newest first, 50 a page; the next page on demand.
    await page.getByText('Records shown: 50').waitFor();
    await page.getByRole('button', { name: 'Older records' }).click();
    await page.getByText('Records shown: 100').waitFor();
    await pageIsSound(page);

    const recordId = recordIds[2] ?? 0;
    await page.getByLabel('Subject (identity number or credit code)').fill(PLANNER.toLowerCase());
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('Records shown: 1').waitFor();
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: `Record ${recordId} (c-3)` }),
    });
    await card.getByText('yes, in force').waitFor();
    // Its values by the fields' names in the page's language, not their ids.
    await card.getByText(/^Case number: /).waitFor();
    await card.getByRole('button', { name: 'Payment plan' }).click();
    await card
      .getByLabel('The payment plan agreed (the reason for the suspension)')
      .fill('12 monthly instalments from April');
    await pageIsSound(page);
    await card.getByRole('button', { name: 'Record the payment plan' }).click();
    await card
      .getByText(`Record ${recordId}: payment plan recorded; the record is suspended.`)
      .waitFor();
    await card.getByText('no: suspended (a payment plan or hardship)').waitFor();
    await card.getByText(/^suspended on .+: 12 monthly instalments from April$/).waitFor();
    await card.getByRole('button', { name: 'Fulfilled' }).click();
    await card.getByText(`Record ${recordId}: fulfilled, recorded.`).waitFor();
    await card.getByText('no: fulfilled').waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);

    // Another agency never sees the court's records.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'demo-police-1');
    await page
      .getByRole('navigation', { name: 'Agency console' })
      .getByRole('link', { name: 'Your records' })
      .click();
    await page.getByText('No record of yours matches.').waitFor();
    expect(await page.getByText(/\(c-\d\)/).count()).toBe(0);
    await pageIsSound(page);
    expect(unexpected(problems)).toEqual([]);
  });

  it('works in Simplified Chinese', async () => {
    const { page, problems } = await visit({ locale: 'zh-CN' });
    await page.goto(`${url}/agency`);
    await page.getByRole('heading', { level: 1, name: '机构控制台' }).waitFor();
    await pageIsSound(page);
    await signIn(page, 'demo-court-1', { token: '机构令牌', submit: '登录' });
    await page.getByRole('heading', { level: 1, name: '提交记录' }).waitFor();
    await page.getByText(/^已以 .+（court，类别 court）登录/).waitFor();
    // The catalogue's fields by their Chinese names, not their ids.
    await page.getByLabel('金额（分）').first().waitFor();
    await page.getByLabel('案号').first().waitFor();
    await pageIsSound(page);
    expect(problems).toEqual([]);
  });
});
