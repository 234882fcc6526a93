// The web application (docs/web.md) at `/`: the files Vite built into web/dist/ (`npm install`
// builds them), and index.html for any other page of the app that a browser asks for (a link
// opened directly, a reload on /lists/...), so the app's own router shows it. The fallback answers
// only a GET that accepts HTML and is not under the API's own paths, so `/v1/...`, `/docs`,
// `/openapi.json`, `/metrics`, `/healthz` and `/readyz` keep their answers, and an unknown API
// path stays 404 with the API's error body. Without a build (web/dist absent) nothing is served
// at `/` but that 404.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:web` writes the app, from src/http or dist/http alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths the app never answers for: the API and the server's own pages. */
const RESERVED = /^\/(v1|docs|openapi\.json|metrics|healthz|readyz)(\/|$|\?)/;

export function isAppPage(url: string, accept: string | undefined): boolean {
  return !RESERVED.test(url) && (accept ?? '').includes('text/html');
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
    // Hashed file names under assets/ never change: cached for good. index.html is revalidated.
    setHeaders: (reply, path) => {
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (!isAppPage(request.url, request.headers.accept)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
