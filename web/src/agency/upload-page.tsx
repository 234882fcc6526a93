// Uploading a file of records (JSON lines or CSV): read in the browser, sent in batches of the
// API's bound with progress, then the report of every line: accepted, duplicate or rejected with
// each reason (agency-api.ts, uploadRows; records-file.ts). An upload cut part-way (the token no
// longer accepted, rate-limited twice, a server error, the network) says what was sent and
// answered, which lines were not sent, and offers to resume from the first of them; the upload is
// kept in the page's memory (never stored) so that signing in again after a 401 can resume it.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';
import { loadDocuments } from '../publications/documents';
import {
  AgencyApiError,
  RECORDS_PER_BATCH,
  uploadRows,
  type UploadLine,
  type UploadStop,
} from './agency-api';
import { AGENCY_NS } from './i18n/messages';
import {
  formatOf,
  lineRanges,
  readRecordsFile,
  type FieldTypes,
  type FileRow,
} from './records-file';
import { Refusal } from './refusal';
import { currentAgencySession, forgetAgencySession } from './session';

/** An upload: the lines answered so far and, when cut part-way, why and what was not sent. */
interface Upload {
  /** The agency that sent it: another agency signed in on this tab never sees or resumes it. */
  readonly agencyId: string | undefined;
  readonly total: number;
  readonly report: readonly UploadLine[];
  readonly stopped: UploadStop | undefined;
  /** How many times a 429 was waited out and its batch sent again. */
  readonly waited: number;
  /** Cut by a 401, then signed in again: it may be resumed now. */
  readonly signedInAgain?: boolean;
}

/** The last upload, kept while the tab lives so that it can be resumed after signing in again. */
let kept: Upload | undefined;

/** The kept upload if the agency signed in now is the one that sent it (else it is dropped). */
function keptForThisAgency(): Upload | undefined {
  if (kept !== undefined && kept.agencyId !== currentAgencySession()?.id) kept = undefined;
  return kept;
}

export function UploadPage(): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const numbers = useFormat();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [working, setWorking] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [upload, setUpload] = useState<Upload | undefined>(keptForThisAgency);
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(undefined);

  /** Sends `rows` and adds what they gave to `before` (a resumed upload's earlier lines). */
  async function send(rows: readonly FileRow[], before: Upload | undefined, total: number) {
    const done = before?.report.length ?? 0;
    const outcome = await uploadRows(rows, (sent) => setProgress({ done: done + sent, total }));
    const next: Upload = {
      agencyId: currentAgencySession()?.id,
      total,
      report: [...(before?.report ?? []), ...outcome.report].sort((a, b) => a.line - b.line),
      stopped: outcome.stopped,
      waited: (before?.waited ?? 0) + outcome.waited,
    };
    kept = next;
    setUpload(next);
  }

  async function resume(): Promise<void> {
    if (upload?.stopped === undefined) return;
    setWorking(true);
    setError(undefined);
    try {
      await send(upload.stopped.unsent, upload, upload.total);
    } catch (e) {
      setError(e);
    } finally {
      setWorking(false);
    }
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (file === undefined) return;
    const format = formatOf(file.name);
    kept = undefined;
    setUpload(undefined);
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
      await send(rows, undefined, rows.length);
    } catch (e) {
      setError(e);
    } finally {
      setWorking(false);
    }
  }

  const report = upload?.report;
  const count = (status: UploadLine['status']) =>
    report?.filter((line) => line.status === status).length ?? 0;
  const stopped = upload?.stopped;
  const firstUnsent = stopped?.unsent[0]?.line;
  const tokenRefused =
    stopped?.error instanceof AgencyApiError &&
    stopped.error.status === 401 &&
    upload?.signedInAgain !== true;
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
      {error !== undefined && <Refusal error={error} />}
      {stopped !== undefined && firstUnsent !== undefined && (
        <div className="stack">
          <p className="state state-error" role="alert">
            {t('upload.stoppedAt', { line: firstUnsent })}
          </p>
          <Refusal error={stopped.error} />
          <p>
            {t('upload.answered', {
              answered: report?.length ?? 0,
              total: upload?.total ?? 0,
            })}
          </p>
          <p>
            {t('upload.notSent', {
              count: stopped.unsent.length,
              lines: lineRanges(stopped.unsent.map((row) => row.line)),
            })}
          </p>
          {tokenRefused ? (
            <>
              <p>{t('upload.signInToResume')}</p>
              <p>
                <button
                  type="button"
                  onClick={() => {
                    if (upload !== undefined) kept = { ...upload, signedInAgain: true };
                    forgetAgencySession(true);
                  }}
                >
                  {t('upload.signInAgain')}
                </button>
              </p>
            </>
          ) : (
            <>
              <p className="hint">{t('upload.resumeHint')}</p>
              <p>
                <button type="button" disabled={working} onClick={() => void resume()}>
                  {t('upload.resume', { line: firstUnsent })}
                </button>
              </p>
            </>
          )}
        </div>
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
          {(upload?.waited ?? 0) > 0 && (
            <p className="hint">{t('upload.waited', { count: upload?.waited ?? 0 })}</p>
          )}
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
