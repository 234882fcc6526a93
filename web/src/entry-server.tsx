// The server's rendering of a first page (docs/web.md, "Size and speed"), built by
// `npm run build:web` (`vite build --ssr`, into web/dist-ssr/) and used by the server
// (src/http/web-app.ts) for the document requests of the first pages: the same routes and
// components as the browser's (routes.tsx), rendered to HTML with react-dom/server in the
// language the browser will show, with the API's answers the page needs, which the server
// embeds in the page for the client to hydrate from (initial-data.ts). Nothing personal is ever
// rendered here: the citizen portal renders its sign-in only (no session on the server).
import i18next, { type i18n } from 'i18next';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import {
  createStaticHandler,
  createStaticRouter,
  matchPath,
  StaticRouterProvider,
} from 'react-router';
import { forgetInitialData, setInitialData } from './app/initial-data';
import { routes } from './app/routes';
import { i18nOptions } from './i18n/i18n';
import { LANGUAGES, type Language } from './i18n/languages';
import { DOCUMENTS_PATH } from './publications/documents';
import { INDEX_PATH } from './publications/load';

export { requestLanguage } from './i18n/languages';
export { embeddableJson, INITIAL_DATA_ID } from './app/initial-data';

export interface FirstPage {
  /** The API's public GETs the page is rendered with (path and query). */
  readonly data: readonly string[];
  /** Source modules (as in Vite's manifest) whose scripts and styles the page needs at once. */
  readonly modules: readonly string[];
}

/**
 * The pages rendered by the server, by route pattern: the first pages (`/`, `/citizen`) and the
 * public pages whose data is the same public answers (how it works, a list's archive); every other
 * page is the plain application.
 */
const FIRST_PAGES: readonly (FirstPage & { readonly pattern: string })[] = [
  { pattern: '/', data: [INDEX_PATH, DOCUMENTS_PATH], modules: [] },
  { pattern: '/citizen', data: [], modules: ['src/citizen/citizen-area.tsx'] },
  {
    pattern: '/how-it-works',
    data: [DOCUMENTS_PATH],
    modules: ['src/pages/how-it-works-page.tsx'],
  },
  {
    pattern: '/lists/:list',
    data: [INDEX_PATH, DOCUMENTS_PATH],
    modules: ['src/pages/archive-page.tsx'],
  },
];

export function firstPage(pathname: string): FirstPage | undefined {
  return FIRST_PAGES.find((page) => matchPath(page.pattern, pathname) !== null);
}

// One i18next instance per language, made once (their messages are shared: the areas add their
// namespaces to the store when their code loads).
await i18next.init(i18nOptions('en'));
const instances = new Map<Language, i18n>();
for (const language of LANGUAGES) {
  const instance = i18next.cloneInstance({ lng: language });
  await instance.changeLanguage(language);
  instances.set(language, instance);
}

// The routes' handler, made once: a lazy route it meets is loaded once for every request.
const handler = createStaticHandler(routes);

export interface Rendered {
  /** The markup of the application's root element. */
  readonly html: string;
  /** The page's title, in its language. */
  readonly title: string;
}

/**
 * The page at `url` (path and query) in `language`, with the API's answers `data` (by path).
 * Throws when the page cannot be rendered (the server then serves the plain application).
 */
export async function render(
  url: string,
  language: Language,
  data: Readonly<Record<string, unknown>>,
): Promise<Rendered> {
  const context = await handler.query(new Request(new URL(url, 'http://localhost')));
  if (context instanceof Response) throw new Error(`no page to render at ${url}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const instance = instances.get(language) ?? i18next;
  setInitialData(data);
  try {
    const html = renderToString(
      <StrictMode>
        <I18nextProvider i18n={instance}>
          {/* No hydration script: the client's router starts from the address (CSP: no inline script). */}
          <StaticRouterProvider router={router} context={context} hydrate={false} />
        </I18nextProvider>
      </StrictMode>,
    );
    return { html, title: instance.t('app.title') };
  } finally {
    forgetInitialData();
  }
}
