// What the browser suites (test/browser/*.e2e.test.ts, docs/web.md) share: Debian's Chromium
// driven by playwright-core (never a browser downloaded by Playwright), a demo city served on
// 127.0.0.1 by the real server with the built web application (web/dist), and the checks every
// page gets: axe-core (no serious or critical violation) and no console error, page error or
// Content-Security-Policy violation. Where Chromium is missing the suites are NOT RUN and say so.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { OPERATOR } from '../../src/app/access/caller.js';
import { instant } from '../../src/core/time/instant.js';
import { organizationId, personId } from '../factories/subjects.js';
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

export const CHROMIUM = process.env['PROBITY_TEST_CHROMIUM'] ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The built app the server serves; the suites need it (`npm run build:web`). */
export const WEB_INDEX = join(import.meta.dirname, '..', '..', 'web', 'dist', 'index.html');

/**
 * One entry when this machine can run the browser suites, none otherwise (`describe.each` then
 * runs nothing); prints `<suite>: NOT RUN: <what is missing>.`
 */
export function browsers(suite: string): string[] {
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : [`no Chromium at ${CHROMIUM} (apt-get install chromium)`]),
    ...(existsSync(WEB_INDEX) ? [] : ['the web application is not built (npm run build:web)']),
  ];
  if (missing.length === 0) return ['Chromium'];
  console.log(`${suite}: NOT RUN: ${missing.join('; ')}.`);
  return [];
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 20_000,
  });
}

export const LISTED = personId('1973-09-17', 1);
export const OTHER = personId('1980-02-02', 2);
export const COMPANY = organizationId(7);

/**
 * The public city: three debtors listed (accepted 60 days ago), every list published, and two
 * flight checks this month (one denied).
 */
export interface PublicCity {
  readonly h: Harness;
  readonly url: string;
  close(): Promise<void>;
}

export async function startPublicCity(): Promise<PublicCity> {
  const scratch = scratchDir('probity-browser-');
  const h = await startHarness({
    keyFile: join(scratch, 'authority-key.pem'),
    before: async (store) => {
      await ingestAsCourt(
        store,
        [
          debtorRecord(LISTED, 'c-1', '2025-12-20'),
          debtorRecord(OTHER, 'c-2', '2025-12-21', 900_000),
          debtorRecord(COMPANY, 'c-3', '2025-12-22', 7_000_000),
        ],
        instant(T0 - 60 * DAY),
      );
    },
  });
  await h.probity.publish(OPERATOR, { outDir: join(scratch, 'publications') });
  // Two checks this month (one denied), for the transparency report.
  for (const subject of [LISTED, personId('1985-05-05', 3)]) {
    await h.app.inject({
      method: 'POST',
      url: '/v1/checks',
      headers: bearer('aviation'),
      payload: { subject, measure: 'travel.flight', purpose: 'enforcement' },
    });
  }
  const url = await h.app.listen({ host: '127.0.0.1', port: 0 });
  return { h, url, close: () => h.close() };
}

/** A page and everything wrong it logged: console errors, page errors, failed requests. */
export interface Visit {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly problems: string[];
}

export interface VisitOptions {
  /** The browser's language (navigator.language), e.g. 'en-GB' or 'zh-CN'. */
  readonly locale?: string;
  /** Viewport width in CSS pixels (360: a phone). */
  readonly width?: number;
}

export async function newVisit(browser: Browser, options: VisitOptions = {}): Promise<Visit> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  // A CSP violation is logged by Chromium as a console error ("Refused to ...").
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  return { context, page, problems };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
}

/**
 * axe-core on the page as it is (run through the DevTools protocol, so the page's CSP does not
 * apply to it); answers the serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[];
          }>;
        };
      }
    ).axe;
    const page = (globalThis as unknown as { document: unknown }).document;
    const result = await axe.run(page, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
