// My data: everything Probity holds about me in one JSON file (GET /v1/citizen/export, itself an
// audited access), saved by the browser; and the printable credit report.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../app/states';
import { citizenApi } from './citizen-api';
import { CITIZEN_NS } from './i18n/messages';

/** Hands a JSON document to the browser as a file download. */
function save(name: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DataPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const [working, setWorking] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  async function download(): Promise<void> {
    setWorking(true);
    setError(undefined);
    setDone(undefined);
    try {
      const data = await citizenApi.exportAll();
      const file = `probity-my-data-${data.exportedAt.slice(0, 10)}.json`;
      save(file, data);
      setDone(file);
    } catch (e) {
      setError(e);
    } finally {
      setWorking(false);
    }
  }

  return (
    <>
      <h1>{t('data.title')}</h1>
      <p className="lead">{t('data.intro')}</p>
      <p>
        <button type="button" disabled={working} onClick={() => void download()}>
          {working ? t('data.working') : t('data.download')}
        </button>
      </p>
      <div role="status">
        {done !== undefined && <p className="state state-ok">{t('data.done', { file: done })}</p>}
      </div>
      {error !== undefined && <ErrorState error={error} />}
      <h2>{t('data.report')}</h2>
      <p>{t('data.reportText')}</p>
      <p>
        <Link to="/citizen/report">{t('nav.report')}</Link>
      </p>
    </>
  );
}
