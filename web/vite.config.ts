// The web application's build (docs/web.md): React through Vite, from web/ into web/dist/, which
// `probity serve` serves at `/` (src/http/web-app.ts). Everything the browser runs comes from the
// server itself (no CDN, nothing fetched at run time) and nothing is inlined into index.html, so the
// server's Content-Security-Policy (script-src 'self', style-src 'self') holds.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never inline an asset as a data: URL into a script or a style sheet.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    // Which files a source module became (dist/.vite/manifest.json): the server preloads a
    // server-rendered page's scripts and inlines its styles (src/http/web-app.ts).
    manifest: true,
  },
  // The server's rendering of the first pages (`vite build --ssr src/entry-server.tsx`, into
  // dist-ssr/): self-contained, so the server needs none of the application's packages at run time.
  ssr: { noExternal: true },
});
