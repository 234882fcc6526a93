// The signed-in portal: its own navigation, the page, and signing out (the server ends the
// session, then the tab forgets it: citizen-api.ts `signOut`). Loaded only once a
// session exists (citizen-area.tsx), so the first page of /citizen, the sign-in, stays small.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { AreaNav } from '../app/area-nav';
import { NotFoundPage } from '../pages/not-found-page';
import { useFormat } from '../i18n/use-format';
import { AccessLogPage } from './access-log-page';
import { DataPage } from './data-page';
import { CITIZEN_NS } from './i18n/messages';
import { NoticesPage } from './notices-page';
import { RecordsPage } from './records-page';
import { ReportPage } from './report-page';
import { signOut } from './citizen-api';
import type { CitizenSession } from './session';
import { StandingPage } from './standing-page';

const PAGES = [
  { to: '/citizen', key: 'nav.standing', end: true },
  { to: '/citizen/records', key: 'nav.records', end: false },
  { to: '/citizen/notices', key: 'nav.notices', end: false },
  { to: '/citizen/access-log', key: 'nav.accessLog', end: false },
  { to: '/citizen/data', key: 'nav.data', end: false },
  { to: '/citizen/report', key: 'nav.report', end: false },
] as const;

function PortalNav({ session }: { readonly session: CitizenSession }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  // While the server ends the session (then the tab forgets it and the sign-in page shows).
  const [leaving, setLeaving] = useState(false);
  return (
    <div className="citizen-bar no-print">
      <AreaNav
        label={t('nav.label')}
        className="citizen-nav"
        pages={PAGES.map((page) => ({ ...page, text: t(page.key) }))}
      />
      <p className="hint">
        {t('nav.signedInAs', {
          subject: session.subject,
          until: format.dateTime(session.expiresAt),
        })}{' '}
        <button
          type="button"
          className="secondary"
          disabled={leaving}
          onClick={() => {
            setLeaving(true);
            void signOut();
          }}
        >
          {leaving ? t('nav.signingOut') : t('nav.signOut')}
        </button>
      </p>
    </div>
  );
}

export default function SignedInPortal({
  session,
}: {
  readonly session: CitizenSession;
}): ReactNode {
  return (
    <div className="citizen">
      <PortalNav session={session} />
      <Routes>
        <Route index element={<StandingPage />} />
        <Route path="records" element={<RecordsPage />} />
        <Route path="notices" element={<NoticesPage />} />
        <Route path="access-log" element={<AccessLogPage />} />
        <Route path="data" element={<DataPage />} />
        <Route path="report" element={<ReportPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
