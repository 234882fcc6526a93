// The web application's entry (docs/web.md): languages first, then the router. A first page the
// server rendered (`/`, `/citizen`: entry-server.tsx, with its data embedded) is hydrated: the
// language is the page's, the data the page's, the page's lazy route loaded before hydrating, so
// the first render is exactly the server's. Any other page is rendered here from the start.
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, RouterProvider } from 'react-router';
import { forgetInitialData, readEmbeddedData, setInitialData } from './app/initial-data';
import { routes } from './app/routes';
import { chooseLanguage, currentLanguage, setupI18n, storedLanguage } from './i18n/i18n';
import './styles.css';

/** Once rendered (hydrated or not): the page is interactive (bench/web.bench.ts waits for it). */
function Rendered({ children }: { readonly children: ReactNode }): ReactNode {
  useEffect(() => {
    forgetInitialData();
    document.documentElement.dataset['hydrated'] = 'true';
    // A choice remembered only in this browser's storage (from before the cookie): shown now.
    const stored = storedLanguage();
    if (stored !== undefined && stored !== currentLanguage()) void chooseLanguage(stored);
  }, []);
  return children;
}

/** The lazy routes of this address, loaded so the router starts without waiting for them. */
async function loadLazyRoutes(): Promise<void> {
  const matches = matchRoutes(routes, window.location) ?? [];
  await Promise.all(
    matches.map(async ({ route }) => {
      const lazy = route.lazy;
      if (typeof lazy !== 'function') return;
      Object.assign(route, { ...(await lazy()), lazy: undefined });
    }),
  );
}

const embedded = readEmbeddedData(document);
if (embedded !== undefined) setInitialData(embedded);
await setupI18n();
const root = document.getElementById('root');
if (root) {
  const serverRendered = embedded !== undefined && root.firstElementChild !== null;
  if (serverRendered) await loadLazyRoutes();
  const app = (
    <StrictMode>
      <Rendered>
        <RouterProvider router={createBrowserRouter(routes)} />
      </Rendered>
    </StrictMode>
  );
  if (serverRendered) hydrateRoot(root, app);
  else createRoot(root).render(app);
}
