// Every page of the application, under one layout. The first page (the published lists) is in
// the entry chunk; every other page is loaded when first visited (`lazy`), which keeps the first
// page's JavaScript small (bench/web.bench.ts). Later areas (the citizen portal, the agency
// console, the authority dashboard) add their routes here the same way. The browser's router is
// made of them in main.tsx, the server's rendering of a first page in entry-server.tsx.
import type { RouteObject } from 'react-router';
import { ListsPage } from '../pages/lists-page';
import { NotFoundPage } from '../pages/not-found-page';
import { Layout } from './layout';

export const routes: RouteObject[] = [
  {
    path: '/',
    Component: Layout,
    children: [
      { index: true, Component: ListsPage },
      {
        path: 'lists/:list',
        lazy: async () => ({ Component: (await import('../pages/archive-page')).ArchivePage }),
      },
      {
        path: 'lists/:list/:version',
        lazy: async () => ({ Component: (await import('../pages/version-page')).VersionPage }),
      },
      {
        path: 'how-it-works',
        lazy: async () => ({
          Component: (await import('../pages/how-it-works-page')).HowItWorksPage,
        }),
      },
      {
        path: 'transparency',
        lazy: async () => ({
          Component: (await import('../pages/transparency-page')).TransparencyPage,
        }),
      },
      {
        path: 'verify',
        lazy: async () => ({ Component: (await import('../pages/verify-page')).VerifyPage }),
      },
      {
        // The citizen portal (web/src/citizen): its pages, messages and styles load here.
        path: 'citizen/*',
        lazy: async () => ({ Component: (await import('../citizen/citizen-area')).CitizenArea }),
      },
      {
        // The authority dashboard (web/src/authority): its pages, messages and styles load here.
        path: 'authority/*',
        lazy: async () => ({
          Component: (await import('../authority/authority-area')).AuthorityArea,
        }),
      },
      {
        // The agency console (web/src/agency): its pages, messages and styles load here.
        path: 'agency/*',
        lazy: async () => ({ Component: (await import('../agency/agency-area')).AgencyArea }),
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
