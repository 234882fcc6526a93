// Checks (POST /v1/checks, /v1/checks/batch): a measure the agency's kind enforces (as GET
// /v1/agency/me says, from the policy in force), for one subject or for a batch of identifiers typed or read from a file, with
// the decision and the lists that bring it; a batch's results downloadable as CSV. The API
// decides (403 NotAnEnforcer for a measure the kind does not check) and audits every check.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Show } from '../app/states';
import { labelFor } from '../i18n/format';
import { isLanguage, type Language } from '../i18n/languages';
import { useFormat } from '../i18n/use-format';
import { listLabel, useDocuments } from '../publications/documents';
import { agencyApi, type BatchCheckAnswer, type CheckAnswer } from './agency-api';
import { AGENCY_NS } from './i18n/messages';
import { checkResultsCsv, identifiersOf } from './records-file';
import { Refusal } from './refusal';
import { useOwnAgency } from './own-agency';

type Purpose = 'enforcement' | 'eligibility';
type Reason = CheckAnswer['reasons'][number];

/** Hands a CSV text to the browser as a file download. */
function save(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Reasons({ reasons }: { readonly reasons: readonly Reason[] }): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const format = useFormat();
  const docs = useDocuments();
  if (reasons.length === 0) return <p className="hint">{t('checks.noReason')}</p>;
  return (
    <ul>
      {reasons.map((r, i) => (
        <li key={i}>
          {t('checks.reason', {
            list: listLabel(docs, format.language, r.list, r.list),
            since: format.date(r.since),
            until:
              r.until === null
                ? t('checks.noEnd')
                : t('checks.until', { until: format.date(r.until) }),
            basis: r.legalBasis,
          })}
        </li>
      ))}
    </ul>
  );
}

function CheckForms({
  measures,
  language,
}: {
  readonly measures: readonly {
    readonly id: string;
    readonly label: string;
    readonly labels: Readonly<Record<string, string>>;
  }[];
  readonly language: Language;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [measure, setMeasure] = useState(measures[0]?.id ?? '');
  const [purpose, setPurpose] = useState<Purpose>('enforcement');
  const [subject, setSubject] = useState('');
  const [subjects, setSubjects] = useState('');
  const [working, setWorking] = useState(false);
  const [single, setSingle] = useState<{ answer: CheckAnswer } | { error: unknown } | undefined>();
  const [batch, setBatch] = useState<
    { answer: BatchCheckAnswer } | { error: unknown } | undefined
  >();

  async function checkOne(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setSingle(undefined);
    try {
      setSingle({
        answer: await agencyApi.check({ subject: subject.trim().toUpperCase(), measure, purpose }),
      });
    } catch (error) {
      setSingle({ error });
    } finally {
      setWorking(false);
    }
  }

  async function checkMany(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setBatch(undefined);
    try {
      setBatch({
        answer: await agencyApi.checkBatch({ subjects: identifiersOf(subjects), measure, purpose }),
      });
    } catch (error) {
      setBatch({ error });
    } finally {
      setWorking(false);
    }
  }

  const results = batch !== undefined && 'answer' in batch ? batch.answer.results : [];
  const denied = results.filter((r) => r.decision === 'deny' || r.decision === 'not-eligible');
  const invalid = results.filter((r) => r.error !== undefined);
  return (
    <>
      <div className="stack">
        <div className="field">
          <label htmlFor="agency-measure">{t('checks.measure')}</label>
          <select id="agency-measure" value={measure} onChange={(e) => setMeasure(e.target.value)}>
            {measures.map((m) => (
              <option key={m.id} value={m.id}>
                {labelFor(language, m)} ({m.id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="agency-purpose">{t('checks.purpose')}</label>
          <select
            id="agency-purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value as Purpose)}
          >
            <option value="enforcement">{t('checks.enforcement')}</option>
            <option value="eligibility">{t('checks.eligibility')}</option>
          </select>
        </div>
      </div>
      <form className="stack" onSubmit={(e) => void checkOne(e)}>
        <div className="field">
          <label htmlFor="agency-check-subject">{t('checks.subject')}</label>
          <input
            id="agency-check-subject"
            required
            spellCheck={false}
            maxLength={18}
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
          />
        </div>
        <p>
          <button type="submit" disabled={working}>
            {working ? t('checks.working') : t('checks.submit')}
          </button>
        </p>
        {single !== undefined &&
          ('answer' in single ? (
            <div role="status" className="state">
              <p>
                {t('checks.decision', {
                  subject: single.answer.subject,
                  decision: t(`checks.decisions.${single.answer.decision}`),
                })}
              </p>
              <Reasons reasons={single.answer.reasons} />
            </div>
          ) : (
            <Refusal error={single.error} />
          ))}
      </form>
      <h2>{t('checks.batchTitle')}</h2>
      <form className="stack" onSubmit={(e) => void checkMany(e)}>
        <div className="field">
          <label htmlFor="agency-check-subjects">{t('checks.subjects')}</label>
          <textarea
            id="agency-check-subjects"
            required
            rows={5}
            spellCheck={false}
            value={subjects}
            onChange={(e) => setSubjects(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="agency-check-file">{t('checks.file')}</label>
          <input
            id="agency-check-file"
            type="file"
            accept=".txt,.csv"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file !== undefined)
                void file.text().then((text) => setSubjects(identifiersOf(text).join('\n')));
            }}
          />
        </div>
        <p>
          <button type="submit" disabled={working}>
            {working ? t('checks.working') : t('checks.batchSubmit')}
          </button>
        </p>
      </form>
      {batch !== undefined &&
        ('answer' in batch ? (
          <>
            <p role="status" className="state">
              {t('checks.batchSummary', {
                count: results.length,
                deny: denied.length,
                allow: results.length - denied.length - invalid.length,
                invalid: invalid.length,
              })}
            </p>
            <p>
              <button
                type="button"
                className="secondary"
                onClick={() => save(`checks-${measure}.csv`, checkResultsCsv(results))}
              >
                {t('checks.download')}
              </button>
            </p>
            <div
              className="table-wrap"
              tabIndex={0}
              role="region"
              aria-label={t('checks.resultsCaption')}
            >
              <table className="report-table">
                <caption>{t('checks.resultsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('checks.subject')}</th>
                    <th scope="col">{t('upload.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r, i) => (
                    <tr key={i}>
                      <td>{r.subject}</td>
                      <td>
                        {r.error !== undefined
                          ? t('checks.error', { message: r.error.message })
                          : t(`checks.decisions.${r.decision ?? 'allow'}`)}
                        {r.reasons !== undefined && r.reasons.length > 0 && (
                          <Reasons reasons={r.reasons} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <Refusal error={batch.error} />
        ))}
    </>
  );
}

export function ChecksPage(): ReactNode {
  const { t, i18n } = useTranslation(AGENCY_NS);
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'en';
  const own = useOwnAgency();
  return (
    <section aria-labelledby="agency-checks-title">
      <h1 id="agency-checks-title">{t('checks.title')}</h1>
      <p className="lead">{t('checks.intro')}</p>
      <Show loaded={own}>
        {({ me, measures }) =>
          measures.length === 0 ? (
            <p className="state state-empty">{t('checks.noMeasure', { kind: me.kind })}</p>
          ) : (
            <CheckForms measures={measures} language={language} />
          )
        }
      </Show>
    </section>
  );
}
