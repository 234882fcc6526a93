// The web application at `/` (docs/web.md, src/http/web-app.ts): the built files, index.html for
// any page of the app a browser asks for, never in the way of the API's own paths, under a
// Content-Security-Policy with no inline script or style (only /docs allows inline styles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './http-harness.js';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

function cspOf(header: unknown): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)]),
  );
}

describe('the web application', () => {
  it('serves the app under a policy without inline scripts or styles', async () => {
    // The first pages are server-rendered with their styles inlined (web-ssr.e2e.test.ts); any
    // other page is the plain application.
    const res = await h.app.inject({ url: '/transparency', headers: HTML });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="root"></div>');
    const csp = cspOf(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('answers index.html for a page of the app opened directly', async () => {
    for (const url of ['/lists/dishonest-debtors/1', '/verify', '/transparency?month=2026-02']) {
      const res = await h.app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root"></div>');
    }
  });

  it('serves the hashed assets for good and revalidates the page', async () => {
    const page = await h.app.inject({ url: '/', headers: HTML });
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const res = await h.app.inject({ url: script! });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the Brotli or gzip copy made at build to a browser that accepts it', async () => {
    const page = await h.app.inject({ url: '/', headers: HTML });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    const plain = await h.app.inject({ url: script! });
    const br = await h.app.inject({ url: script!, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gz = await h.app.inject({ url: script!, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('never shadows the API: unknown API paths stay 404 with the error body, even for a browser', async () => {
    for (const url of [
      '/v1/nothing',
      '/v1',
      '/metrics/x',
      '/healthz/x',
      '/readyz/x',
      '/docs/nothing',
    ]) {
      const res = await h.app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('<div id="root">');
    }
    const api = await h.app.inject({ url: '/v1/nothing', headers: HTML });
    expect(api.json<{ error: { code: string } }>().error.code).toBe('NotFound');
    expect((await h.app.inject({ url: '/healthz', headers: HTML })).json()).toMatchObject({
      status: 'ok',
    });
  });

  it('answers a client that does not ask for HTML with the API’s 404', async () => {
    const res = await h.app.inject({ url: '/no/such/page' });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('NotFound');
  });

  it('lets only /docs use inline styles, which swagger-ui sets', async () => {
    const res = await h.app.inject({ url: '/docs/', headers: HTML });
    const page =
      res.statusCode === 302
        ? await h.app.inject({ url: String(res.headers.location), headers: HTML })
        : res;
    const csp = cspOf(page.headers['content-security-policy']);
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });
});
