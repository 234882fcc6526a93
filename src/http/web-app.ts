// The web application (docs/web.md) at `/`: the files Vite built into web/dist/ (`npm install`
// builds them), and index.html for any other page of the app that a browser asks for (a link
// opened directly, a reload on /lists/...), so the app's own router shows it. The fallback answers
// only a GET that accepts HTML and is not under the API's own paths, so `/v1/...`, `/docs`,
// `/openapi.json`, `/metrics`, `/healthz` and `/readyz` keep their answers, and an unknown API
// path stays 404 with the API's error body. Without a build (web/dist absent) nothing is served
// at `/` but that 404.
//
// The first pages (`/`, the published lists, and `/citizen`, the portal's sign-in) are rendered
// here (docs/web.md, "Size and speed"): by the application's own components (web/dist-ssr/, built
// by `npm run build:web` from web/src/entry-server.tsx), in the language the browser will show
// (the cookie of a choice, else Accept-Language), with the API's answers they show asked of the
// server's own public doors in-process (`inject`: the same code, limits and caching as a browser's
// request) and embedded in the page as JSON for the client to hydrate from, and their style sheets
// inlined (allowed by their hash in the answer's Content-Security-Policy; scripts stay
// `script-src 'self'`). A page that cannot be rendered (an exception, the API answering an error)
// is served as the plain application instead, and logged: never a 500 for a page the application
// could have shown.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the app, from src/http or dist/http alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths the app never answers for: the API and the server's own pages. */
const RESERVED = /^\/(v1|docs|openapi\.json|metrics|healthz|readyz)(\/|$|\?)/;

export function isAppPage(url: string, accept: string | undefined): boolean {
  return !RESERVED.test(url) && (accept ?? '').includes('text/html');
}

type Language = 'en' | 'zh-CN';

/** web/dist-ssr/entry-server.js, as the server uses it (web/src/entry-server.tsx). */
interface ServerRendering {
  firstPage(
    pathname: string,
  ): { readonly data: readonly string[]; readonly modules: readonly string[] } | undefined;
  render(
    url: string,
    language: Language,
    data: Readonly<Record<string, unknown>>,
  ): Promise<{ readonly html: string; readonly title: string }>;
  requestLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language;
  embeddableJson(value: unknown): string;
  readonly INITIAL_DATA_ID: string;
}

interface ManifestChunk {
  readonly file: string;
  readonly css?: readonly string[];
  readonly imports?: readonly string[];
}

const STYLESHEET = /\s*<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"[^>]*>/g;
const FETCH_PRELOAD = /\s*(<!--[^>]*-->\s*)?<link rel="preload"[^>]*as="fetch"[^>]*\/?>/g;

/** `style-src` allowing the inline style sheets of a page, by their hashes. */
function withStyleHashes(csp: string, hashes: readonly string[]): string {
  return csp
    .split(';')
    .map((directive) => {
      const trimmed = directive.trim();
      return trimmed.startsWith('style-src ')
        ? `${trimmed} ${hashes.map((h) => `'${h}'`).join(' ')}`
        : trimmed;
    })
    .join(';');
}

/** The template of server-rendered pages, and how each page's parts are put into it. */
class FirstPages {
  private readonly template: string;
  private readonly manifest: Readonly<Record<string, ManifestChunk>>;
  private readonly styles = new Map<string, string>();
  /** The entry's style sheets (inlined in every server-rendered page). */
  private readonly entryStyles: readonly string[];

  constructor(
    private readonly root: string,
    private readonly ssr: ServerRendering,
  ) {
    const index = readFileSync(join(root, 'index.html'), 'utf8');
    const manifestFile = join(root, '.vite', 'manifest.json');
    this.manifest = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>)
      : {};
    // The entry's style sheets inlined (no render-blocking request), the API answer preloaded for
    // the plain application dropped (it comes in the page).
    const entryStyles: string[] = [];
    this.template = index
      .replace(STYLESHEET, (_link, href: string) => {
        entryStyles.push(href.slice(1));
        return '';
      })
      .replace(FETCH_PRELOAD, '');
    this.entryStyles = entryStyles;
  }

  private style(file: string): string {
    let css = this.styles.get(file);
    if (css === undefined) {
      css = readFileSync(join(this.root, file), 'utf8');
      this.styles.set(file, css);
    }
    return css;
  }

  /** The scripts (to preload) and style sheets (to inline) of source modules, with their imports. */
  private parts(modules: readonly string[]): { scripts: string[]; styles: string[] } {
    const scripts = new Set<string>();
    const styles = new Set<string>();
    const visit = (key: string) => {
      const chunk = this.manifest[key];
      if (chunk === undefined || scripts.has(chunk.file)) return;
      scripts.add(chunk.file);
      for (const css of chunk.css ?? []) styles.add(css);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const module of modules) visit(module);
    return {
      scripts: [...scripts].filter((file) => !this.template.includes(`/${file}"`)),
      styles: [...styles],
    };
  }

  page(
    language: Language,
    rendered: { readonly html: string; readonly title: string },
    data: Readonly<Record<string, unknown>>,
    modules: readonly string[],
  ): { html: string; styleHashes: string[] } {
    const { scripts, styles } = this.parts(modules);
    const sheets = [...this.entryStyles, ...styles].map((file) => this.style(file));
    const styleHashes = sheets.map(
      (css) => `sha256-${createHash('sha256').update(css).digest('base64')}`,
    );
    // The lazy route's style sheets are inlined for the first paint and also preloaded: the
    // route's script, before the browser hydrates, adds them as style sheets and waits for them,
    // which would otherwise be one more round trip.
    const head =
      scripts.map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`).join('') +
      styles.map((file) => `<link rel="preload" as="style" crossorigin href="/${file}">`).join('') +
      sheets.map((css) => `<style>${css}</style>`).join('');
    const escapedTitle = rendered.title
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
    const html = this.template
      .replace(/<html lang="[^"]*">/, `<html lang="${language}" data-rendered="server">`)
      .replace(/<title>[^<]*<\/title>/, `<title>${escapedTitle}</title>`)
      .replace('</head>', `${head}</head>`)
      .replace(
        '<div id="root"></div>',
        `<div id="root">${rendered.html}</div><script type="application/json" id="${this.ssr.INITIAL_DATA_ID}">${this.ssr.embeddableJson(data)}</script>`,
      );
    return { html, styleHashes };
  }
}

/**
 * The server's rendering (web/dist-ssr/) if built. Loaded in the background from the start (it
 * takes about 0.2 s, which the server's readiness does not wait for); the first pages asked
 * before it is loaded wait for it.
 */
async function loadServerRendering(
  app: FastifyInstance,
  root: string,
): Promise<{ ssr: ServerRendering; pages: FirstPages } | undefined> {
  const entry = join(root, '..', 'dist-ssr', 'entry-server.js');
  if (!existsSync(entry)) return undefined;
  try {
    const ssr = (await import(pathToFileURL(entry).href)) as ServerRendering;
    const pages = new FirstPages(root, ssr);
    // Once through React's server rendering (the sign-in needs no data), so that the first
    // browser's page does not pay for its warming up.
    await ssr.render('/citizen', 'en', {}).catch(() => undefined);
    return { ssr, pages };
  } catch (error) {
    app.log.error(
      { err: error },
      'server rendering not loaded: every page is the plain application',
    );
    return undefined;
  }
}

/** A server-rendered page, or undefined when the page is not one of the first pages. */
async function renderFirstPage(
  app: FastifyInstance,
  ssr: ServerRendering,
  pages: FirstPages,
  request: FastifyRequest,
): Promise<{ html: string; styleHashes: string[]; language: Language } | undefined> {
  const url = new URL(request.url, 'http://localhost');
  const page = ssr.firstPage(url.pathname);
  if (page === undefined) return undefined;
  const data: Record<string, unknown> = {};
  for (const path of page.data) {
    // The server's own public door, as the browser would have asked it (its address counts for
    // the rate limit).
    const answer = await app.inject({
      method: 'GET',
      url: path,
      headers: { accept: 'application/json' },
      remoteAddress: request.ip,
    });
    if (answer.statusCode !== 200) throw new Error(`${path} answered ${answer.statusCode}`);
    data[path] = answer.json();
  }
  const language = ssr.requestLanguage(request.headers.cookie, request.headers['accept-language']);
  const rendered = await ssr.render(`${url.pathname}${url.search}`, language, data);
  return { ...pages.page(language, rendered, data, page.modules), language };
}

/** The page compressed for a browser that accepts it (rendered per request: small, quick). */
function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string): FastifyReply {
  const accepted = String(request.headers['accept-encoding'] ?? '');
  reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .header('vary', 'accept-encoding, accept-language, cookie');
  if (/\bbr\b/.test(accepted))
    return reply
      .header('content-encoding', 'br')
      .send(brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));
  if (/\bgzip\b/.test(accepted))
    return reply.header('content-encoding', 'gzip').send(gzipSync(html, { level: 6 }));
  return reply.send(html);
}

export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(`${root}/index.html`)) return;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, found once at start (the build does not change under a server).
    wildcard: false,
    decorateReply: true,
    // The .br and .gz copies written at build (scripts/precompress-web.ts), for a browser that
    // accepts them.
    preCompressed: true,
    // `/` is this module's (below): a first page, rendered.
    index: false,
    // Hashed file names under assets/ never change: cached for good. index.html is revalidated.
    setHeaders: (reply, path) => {
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const rendering = loadServerRendering(app, root);
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isAppPage(request.url, request.headers.accept)) {
      // `/` is the application for any client, as the static index.html was.
      if (request.url === '/')
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply.callNotFound();
    }
    const loaded = await rendering;
    if (loaded !== undefined) {
      try {
        const page = await renderFirstPage(app, loaded.ssr, loaded.pages, request);
        if (page !== undefined) {
          const csp = reply.getHeader('content-security-policy');
          if (typeof csp === 'string')
            reply.header('content-security-policy', withStyleHashes(csp, page.styleHashes));
          return sendHtml(request, reply, page.html);
        }
      } catch (error) {
        request.log.warn(
          { err: error },
          'server rendering of a first page failed: the plain application served',
        );
      }
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  // `/` itself is the static index.html's route otherwise.
  app.get('/', { schema: { hide: true } }, serve);
  app.get('/*', { schema: { hide: true } }, serve);
}
