// My data: the printable credit report (and, once the API has it, everything in one download).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CITIZEN_NS } from './i18n/messages';

export function DataPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  return (
    <>
      <h1>{t('data.title')}</h1>
      <h2>{t('data.report')}</h2>
      <p>{t('data.reportText')}</p>
      <p>
        <Link to="/citizen/report">{t('nav.report')}</Link>
      </p>
    </>
  );
}
