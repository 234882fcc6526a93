// The signed-in console: its own navigation, the page, and signing out. Loaded only once a
// session exists (agency-area.tsx).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { AreaNav } from '../app/area-nav';
import { NotFoundPage } from '../pages/not-found-page';
import { ChecksPage } from './checks-page';
import { AGENCY_NS } from './i18n/messages';
import { ObjectionsPage } from './objections-page';
import { RecordPage } from './record-page';
import { RecordsPage } from './records-page';
import { forgetAgencySession, type AgencySession } from './session';
import { UploadPage } from './upload-page';

const PAGES = [
  { to: '/agency', key: 'nav.record', end: true },
  { to: '/agency/records', key: 'nav.records', end: false },
  { to: '/agency/upload', key: 'nav.upload', end: false },
  { to: '/agency/objections', key: 'nav.objections', end: false },
  { to: '/agency/checks', key: 'nav.checks', end: false },
] as const;

export default function SignedInConsole({
  session,
}: {
  readonly session: AgencySession;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  return (
    <div className="citizen agency">
      <div className="citizen-bar">
        <AreaNav
          label={t('nav.label')}
          className="citizen-nav"
          pages={PAGES.map((page) => ({ ...page, text: t(page.key) }))}
        />
        <p className="hint">
          {t('nav.signedInAs', { name: session.name, id: session.id, kind: session.kind })}{' '}
          <button type="button" className="secondary" onClick={() => forgetAgencySession()}>
            {t('nav.signOut')}
          </button>
        </p>
      </div>
      <Routes>
        <Route index element={<RecordPage />} />
        <Route path="records" element={<RecordsPage />} />
        <Route path="upload" element={<UploadPage />} />
        <Route path="objections" element={<ObjectionsPage />} />
        <Route path="checks" element={<ChecksPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
