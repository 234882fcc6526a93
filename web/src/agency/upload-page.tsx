// Uploading a file of records (JSON lines or CSV): read in the browser, sent in batches of the
// API's bound with progress, then the report of every line: accepted, duplicate or rejected with
// each reason (agency-api.ts, uploadRows; records-file.ts).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';
import { loadDocuments } from '../publications/documents';
import { RECORDS_PER_BATCH, uploadRows, type UploadLine } from './agency-api';
import { AGENCY_NS } from './i18n/messages';
import { formatOf, readRecordsFile, type FieldTypes } from './records-file';
import { Refusal } from './refusal';

export function UploadPage(): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const numbers = useFormat();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [working, setWorking] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [report, setReport] = useState<UploadLine[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(undefined);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (file === undefined) return;
    const format = formatOf(file.name);
    setReport(undefined);
    setError(undefined);
    setProblem(undefined);
    if (format === undefined) {
      setProblem(t('upload.unknownFormat'));
      return;
    }
    setWorking(true);
    try {
      const documents = await loadDocuments();
      const types: FieldTypes = new Map(
        documents.catalog.categories.map((c) => [
          c.id,
          new Map(c.fields.map((f) => [f.name, f.type])),
        ]),
      );
      const rows = readRecordsFile(await file.text(), format, types);
      setReport(await uploadRows(rows, (done, total) => setProgress({ done, total })));
    } catch (e) {
      setError(e);
    } finally {
      setWorking(false);
    }
  }

  const count = (status: UploadLine['status']) =>
    report?.filter((line) => line.status === status).length ?? 0;
  return (
    <section aria-labelledby="agency-upload-title">
      <h1 id="agency-upload-title">{t('upload.title')}</h1>
      <p className="lead">{t('upload.intro', { size: numbers.number(RECORDS_PER_BATCH) })}</p>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="agency-file">{t('upload.file')}</label>
          <input
            id="agency-file"
            type="file"
            accept=".jsonl,.ndjson,.json,.csv"
            required
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </div>
        <p>
          <button type="submit" disabled={working}>
            {working ? t('upload.working') : t('upload.submit')}
          </button>
        </p>
      </form>
      {problem !== undefined && (
        <p className="state state-error" role="alert">
          {problem}
        </p>
      )}
      {progress !== undefined && (
        <div className="field">
          <label htmlFor="agency-progress">{t('upload.progress')}</label>
          <progress id="agency-progress" max={Math.max(progress.total, 1)} value={progress.done} />
          <p className="hint" role="status">
            {t('upload.progressText', progress)}
          </p>
        </div>
      )}
      {error !== undefined && (
        <>
          <p>{t('upload.stopped')}</p>
          <Refusal error={error} />
        </>
      )}
      {report !== undefined && (
        <>
          <p className="state" role="status">
            {t('upload.summary', {
              accepted: count('accepted'),
              duplicate: count('duplicate'),
              rejected: count('rejected'),
            })}
          </p>
          <div
            className="table-wrap"
            tabIndex={0}
            role="region"
            aria-label={t('upload.reportCaption')}
          >
            <table className="report-table">
              <caption>{t('upload.reportCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('upload.line')}</th>
                  <th scope="col">{t('upload.sourceRef')}</th>
                  <th scope="col">{t('upload.status')}</th>
                  <th scope="col">{t('upload.record')}</th>
                  <th scope="col">{t('upload.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {report.map((line) => (
                  <tr key={line.line}>
                    <td>{line.line}</td>
                    <td>{line.sourceRef}</td>
                    <td>{t(`upload.${line.status}`)}</td>
                    <td>{line.id ?? ''}</td>
                    <td>
                      {line.reasons.length > 0 && (
                        <ul>
                          {line.reasons.map((reason, i) => (
                            <li key={i}>{reason}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
