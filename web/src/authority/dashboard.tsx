// The signed-in dashboard: its own navigation, the page, and signing out. Loaded only once a
// token is kept (authority-area.tsx).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { AreaNav } from '../app/area-nav';
import { NotFoundPage } from '../pages/not-found-page';
import { FairnessPage } from './fairness-page';
import { AUTHORITY_NS } from './i18n/messages';
import { ObjectionsPage } from './objections-page';
import { PopulationPage } from './population-page';
import { forgetToken } from './session';
import { WorkbenchPage } from './workbench-page';

const PAGES = [
  { to: '/authority', key: 'nav.population', end: true },
  { to: '/authority/workbench', key: 'nav.workbench', end: false },
  { to: '/authority/fairness', key: 'nav.fairness', end: false },
  { to: '/authority/objections', key: 'nav.objections', end: false },
] as const;

export default function Dashboard(): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  return (
    <div className="authority">
      <div className="authority-bar">
        <AreaNav
          label={t('nav.label')}
          className="authority-nav"
          pages={PAGES.map((page) => ({ ...page, text: t(page.key) }))}
        />
        <p className="hint">
          {t('nav.signedIn')}{' '}
          <button type="button" className="secondary" onClick={() => forgetToken()}>
            {t('nav.signOut')}
          </button>
        </p>
      </div>
      <Routes>
        <Route index element={<PopulationPage />} />
        <Route path="workbench" element={<WorkbenchPage />} />
        <Route path="fairness" element={<FairnessPage />} />
        <Route path="objections" element={<ObjectionsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
