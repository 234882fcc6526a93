// After `vite build web`: a Brotli (.br) and a gzip (.gz) copy beside every script and style sheet
// of web/dist/assets, which `probity serve` sends to a browser that accepts them (@fastify/static
// `preCompressed`, src/http/web-app.ts): compressed once at build, never per request.
//
//   npm run build:web   (runs this after Vite)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ASSETS = fileURLToPath(new URL('../web/dist/assets/', import.meta.url));

/** Compressed copies of the built assets; answers how many files it compressed. */
export function precompress(dir = ASSETS): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css|svg|json)$/.test(name)) continue;
    const bytes = readFileSync(join(dir, name));
    if (bytes.length < 1024) continue;
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
    n += 1;
  }
  return n;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) precompress();
