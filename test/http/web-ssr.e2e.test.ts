// The first pages rendered by the server (docs/web.md, "Size and speed"; src/http/web-app.ts,
// web/src/entry-server.tsx): `/` arrives with the lists' heading, their table and the data the
// client hydrates from, in the language the browser will show (the cookie of a choice, else
// Accept-Language); `/citizen` with its sign-in form and nothing personal; a page that cannot be
// rendered is the plain application (200), never a 500; scripts stay `script-src 'self'`.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { instant } from '../../src/core/time/instant.js';
import { personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';
import {
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';

const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';
const LISTED = personId('1973-09-17', 1);

let h: Harness;
beforeAll(async () => {
  const scratch = scratchDir('probity-ssr-');
  h = await startHarness({
    keyFile: join(scratch, 'authority-key.pem'),
    before: async (store) => {
      await ingestAsCourt(
        store,
        [debtorRecord(LISTED, 'c-1', '2025-12-20')],
        instant(T0 - 60 * DAY),
      );
    },
  });
  await h.probity.publish(OPERATOR, { outDir: join(scratch, 'publications') });
});
afterAll(async () => h?.close());

function page(url: string, headers: Record<string, string> = {}) {
  return h.app.inject({ url, headers: { accept: HTML, ...headers } });
}

function cspOf(header: unknown): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)]),
  );
}

/** The JSON embedded for the client, parsed (it must be JSON, not a script). */
function embedded(body: string): Record<string, unknown> {
  const json = /<script type="application\/json" id="initial-data">([^<]*)<\/script>/.exec(body);
  expect(json, 'the embedded data').not.toBeNull();
  return JSON.parse(json![1]!) as Record<string, unknown>;
}

describe('the first pages, rendered by the server', () => {
  it('answers / with the lists, a published list row and the data the client starts from', async () => {
    const res = await page('/', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<html lang="en" data-rendered="server">');
    expect(res.body).toContain('<h1>Published lists</h1>');
    expect(res.body).toMatch(
      /<th scope="row">List of dishonest judgment debtors<\/th><td class="num">1<\/td>/,
    );
    expect(res.body).toContain('href="/lists/dishonest-debtors/1"');
    const data = embedded(res.body);
    expect(data['/v1/publications']).toMatchObject({
      lists: expect.arrayContaining([
        expect.objectContaining({ list: 'dishonest-debtors', latest: 1 }),
      ]) as unknown,
    });
    // Data, not a script: no `<` can end the element early.
    expect(/id="initial-data">([^<]*)</.exec(res.body)?.[1]).not.toContain('<');
    // The API's answer is in the page: no preload of it.
    expect(res.body).not.toContain('rel="preload" href="/v1/publications"');
  });

  it('renders / in Chinese for a Chinese browser, and in the language a cookie remembers', async () => {
    const zh = await page('/', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(zh.body).toContain('<html lang="zh-CN" data-rendered="server">');
    expect(zh.body).toContain('<h1>公示名单</h1>');
    expect(zh.body).toContain('<th scope="row">失信被执行人名单</th>');
    expect(zh.body).toMatch(/<title>[^<]*城市公共信用记录<\/title>/);

    const chosenEn = await page('/', {
      'accept-language': 'zh-CN,zh;q=0.9',
      cookie: 'other=1; probity.language=en',
    });
    expect(chosenEn.body).toContain('<html lang="en" data-rendered="server">');
    expect(chosenEn.body).toContain('<h1>Published lists</h1>');

    const chosenZh = await page('/', {
      'accept-language': 'en-GB',
      cookie: 'probity.language=zh-CN',
    });
    expect(chosenZh.body).toContain('<h1>公示名单</h1>');

    // A cookie naming no language of the site is ignored.
    const bad = await page('/', { 'accept-language': 'zh-TW', cookie: 'probity.language=fr' });
    expect(bad.body).toContain('<html lang="zh-CN" data-rendered="server">');
  });

  it('answers /citizen with its sign-in form and nothing personal', async () => {
    const res = await page('/citizen', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-rendered="server"');
    expect(res.body).toMatch(/<form[^>]*>.*id="citizen-identifier".*id="citizen-code"/s);
    expect(embedded(res.body)).toEqual({});
    // Not sent by the browser before the application runs it (the code would go into the address).
    expect(res.body).toMatch(/<button type="submit" disabled="">/);
    // The portal's own script preloaded and its style sheet inlined.
    expect(res.body).toMatch(
      /<link rel="modulepreload" crossorigin href="\/assets\/citizen-area-[^"]+\.js">/,
    );
    expect(res.body).toContain('.citizen');
    // ... and preloaded, since the portal's script waits for it before hydrating.
    expect(res.body).toMatch(
      /<link rel="preload" as="style" crossorigin href="\/assets\/citizen-[^"]+\.css">/,
    );
  });

  it('keeps scripts to the server’s own files and allows exactly the inlined styles', async () => {
    const res = await page('/');
    const csp = cspOf(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toBe("'self'");
    expect(res.body).not.toMatch(
      /<script(?![^>]*(type="module"[^>]*src=|type="application\/json"))/,
    );
    const styles = csp.get('style-src') ?? '';
    expect(styles).not.toContain('unsafe-inline');
    const sheets = [...res.body.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => m[1]!);
    expect(sheets.length).toBeGreaterThan(0);
    const { createHash } = await import('node:crypto');
    for (const css of sheets)
      expect(styles).toContain(`'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    // No render-blocking style sheet left.
    expect(res.body).not.toContain('rel="stylesheet"');
  });

  it('sends the rendered page compressed to a browser that accepts it', async () => {
    const plain = await page('/');
    const br = await page('/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
  });

  it('renders how Probity works and a list’s archive with the public answers they show', async () => {
    const how = await page('/how-it-works', { 'accept-language': 'zh-CN' });
    expect(how.body).toContain('data-rendered="server"');
    expect(how.body).toContain('<h1>Probity 如何运作</h1>');
    expect(Object.keys(embedded(how.body))).toEqual(['/v1/public/documents']);
    expect(how.body).toMatch(
      /<link rel="modulepreload" crossorigin href="\/assets\/how-it-works-page-[^"]+\.js">/,
    );
    const archive = await page('/lists/dishonest-debtors', { 'accept-language': 'en' });
    expect(archive.body).toContain('data-rendered="server"');
    expect(archive.body).toContain('href="/lists/dishonest-debtors/1"');
    expect(Object.keys(embedded(archive.body)).sort()).toEqual([
      '/v1/public/documents',
      '/v1/publications',
    ]);
  });

  it('serves every other page as the plain application', async () => {
    const res = await page('/lists/dishonest-debtors/1');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root"></div>');
    expect(res.body).not.toContain('data-rendered');
  });
});

describe('a first page the server cannot render', () => {
  it('is the plain application (200, not 500) when the API answers an error', async () => {
    const broken = await startHarness();
    try {
      await broken.store.close(); // the store refuses every read from now on
      const res = await broken.app.inject({ url: '/', headers: { accept: HTML } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<div id="root"></div>');
      expect(res.body).not.toContain('data-rendered');
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});
