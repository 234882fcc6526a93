// Issue 13 (docs/web.md): the web application's first pages in Debian's Chromium against a server
// with the built app (web/dist, `npm run build:web`) and a small city (test/browser's public
// city: three debtors listed and published). For each first page (`/`, the public lists, and
// `/citizen`, the citizen portal's sign-in) it reports the JavaScript the page loads: the bytes
// as built, gzipped (-9, what the server's .gz copies weigh) and as sent (the server sends the
// Brotli copy to a browser that accepts it). Then the same page on a throttled phone profile
// (Chromium's CPU ×4 and "fast 3G": 562.5 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, as
// Lighthouse defines it), a fresh browser context each run, two times from navigation: until the
// content is shown (its heading and its first table or form: the server renders both first pages,
// docs/web.md "Size and speed") and until it is interactive (the application has hydrated it and
// set `data-hydrated` on <html>, web/src/main.tsx). Target: ≤ 150 KB gzipped, usable ≤ 1.5 s.
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import {
  browsers,
  launchChromium,
  startPublicCity,
  type PublicCity,
} from '../test/browser/browser-harness.js';
import { median, type BenchArgs } from './scales.js';

interface FirstPage {
  readonly path: string;
  /** Its content shown: its heading and its first table or form. */
  readonly ready: (page: Page) => Promise<void>;
}

const FIRST_PAGES: readonly FirstPage[] = [
  {
    path: '/',
    ready: async (page) => {
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('table').first().waitFor();
    },
  },
  {
    path: '/citizen',
    ready: async (page) => {
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('main form').first().waitFor();
    },
  },
];

const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};

async function scripts(browser: Browser, city: PublicCity, first: FirstPage) {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const bodies: Promise<{ raw: number; gzip: number; sent: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    bodies.push(
      (async () => {
        const body = await response.body();
        const sizes = await response.request().sizes();
        return {
          raw: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          sent: sizes.responseBodySize,
        };
      })(),
    );
  });
  await page.goto(`${city.url}${first.path}`);
  await first.ready(page);
  await page.waitForLoadState('networkidle');
  const all = await Promise.all(bodies);
  await context.close();
  const sum = (key: 'raw' | 'gzip' | 'sent') => all.reduce((a, s) => a + s[key], 0);
  return { files: all.length, raw: sum('raw'), gzip: sum('gzip'), sent: sum('sent') };
}

async function throttledLoad(browser: Browser, city: PublicCity, first: FirstPage) {
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  page.setDefaultTimeout(30_000);
  const start = performance.now();
  await page.goto(`${city.url}${first.path}`, { waitUntil: 'commit' });
  await first.ready(page);
  const shown = performance.now() - start;
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  const interactive = performance.now() - start;
  await context.close();
  return { shown, interactive };
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export async function webBench(args: BenchArgs): Promise<Record<string, unknown>> {
  if (browsers('web bench').length === 0)
    throw new Error('the web bench needs Chromium and web/dist');
  const city = await startPublicCity();
  const browser = await launchChromium();
  const pages: Record<string, unknown> = {};
  try {
    for (const first of FIRST_PAGES) {
      const js = await scripts(browser, city, first);
      const shown: number[] = [];
      const interactive: number[] = [];
      for (let i = 0; i < Math.max(1, args.runs); i += 1) {
        const run = await throttledLoad(browser, city, first);
        shown.push(run.shown);
        interactive.push(run.interactive);
      }
      pages[first.path] = {
        scripts: js.files,
        jsKB: Math.round(js.raw / 102.4) / 10,
        jsGzipKB: Math.round(js.gzip / 102.4) / 10,
        jsSentKB: Math.round(js.sent / 102.4) / 10,
        shownSeconds: seconds(median(shown)),
        shownRunsSeconds: shown.map(seconds),
        interactiveSeconds: seconds(median(interactive)),
        interactiveRunsSeconds: interactive.map(seconds),
      };
      if (!args.json) {
        const p = pages[first.path] as Record<string, number>;
        console.log(
          `${first.path}: ${p['scripts']} scripts, ${p['jsKB']} KB (${p['jsGzipKB']} KB gzipped, ${p['jsSentKB']} KB sent); CPU ×4, fast 3G, median of ${shown.length}: content shown in ${p['shownSeconds']} s (${shown.map(seconds).join(', ')}), interactive in ${p['interactiveSeconds']} s (${interactive.map(seconds).join(', ')})`,
        );
      }
    }
  } finally {
    await browser.close();
    await city.close();
  }
  return { bench: 'web', targets: { jsGzipKB: 150, shownSeconds: 1.5 }, pages };
}
