// The agency's own records (GET /v1/agency/records): newest first, a page at a time ("older
// records" asks for the next with the answer's cursor), narrowed by subject and category, each
// with its field values now, whether it counts and why not, and its events; and on each, the
// events an agency records without having to know the record's id: fulfilled, or a payment plan
// (a suspension, with its reason) (POST /v1/records/{id}/events). The API lists this agency's
// records only and refuses an event on another's.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading, Show } from '../app/states';
import { labelFor } from '../i18n/format';
import { isLanguage, type Language } from '../i18n/languages';
import { useFormat } from '../i18n/use-format';
import { agencyApi, type AgencyRecord } from './agency-api';
import { AGENCY_NS } from './i18n/messages';
import { useOwnAgency, type OwnAgencyDocuments } from './own-agency';
import { Outcome, Refusal, type ActionOutcome } from './refusal';
import { fieldLabel } from './category-fields';

interface Filter {
  readonly subject: string;
  readonly category: string;
}

interface Listing {
  readonly records: readonly AgencyRecord[];
  readonly nextCursor: number | null;
}

/** The actions on one record: fulfilled, or a payment plan agreed (with its reason). */
function RecordActions({
  record,
  onRecorded,
}: {
  readonly record: AgencyRecord;
  readonly onRecorded: () => void;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [plan, setPlan] = useState(false);
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome>();
  const id = `agency-record-${record.id}`;

  async function send(body: { type: 'fulfilled' | 'suspended'; reason?: string }) {
    setWorking(true);
    setOutcome(undefined);
    try {
      await agencyApi.event(record.id, body);
      setOutcome({
        done: t(body.type === 'fulfilled' ? 'records.fulfilledDone' : 'records.planDone', {
          id: record.id,
        }),
      });
      setPlan(false);
      setReason('');
      onRecorded();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setWorking(false);
    }
  }

  function submitPlan(event: FormEvent): void {
    event.preventDefault();
    void send({ type: 'suspended', reason: reason.trim() });
  }

  return (
    <div className="stack">
      <p className="actions">
        <button
          type="button"
          className="secondary"
          disabled={working}
          onClick={() => void send({ type: 'fulfilled' })}
        >
          {t('records.fulfilled')}
        </button>{' '}
        <button
          type="button"
          className="secondary"
          disabled={working}
          aria-expanded={plan}
          aria-controls={`${id}-plan`}
          onClick={() => setPlan((p) => !p)}
        >
          {t('records.plan')}
        </button>
      </p>
      {plan && (
        <form id={`${id}-plan`} className="stack" onSubmit={submitPlan}>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('records.planReason')}</label>
            <input
              id={`${id}-reason`}
              required
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <p>
            <button type="submit" disabled={working}>
              {t('records.planSubmit')}
            </button>
          </p>
        </form>
      )}
      <Outcome outcome={outcome} />
    </div>
  );
}

function RecordCard({
  record,
  own,
  language,
  onRecorded,
}: {
  readonly record: AgencyRecord;
  readonly own: OwnAgencyDocuments;
  readonly language: Language;
  readonly onRecorded: () => void;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const format = useFormat();
  const category = own.documents.catalog.categories.find((c) => c.id === record.category);
  const fields = Object.entries(record.fields);
  const closed =
    record.notInForceReason === 'revoked' ||
    record.notInForceReason === 'repaired' ||
    record.notInForceReason === 'expired';
  return (
    <li className="card">
      <h2>{t('records.heading', { id: record.id, sourceRef: record.sourceRef })}</h2>
      <dl>
        <dt>{t('records.subject')}</dt>
        <dd>{record.subject}</dd>
        <dt>{t('records.category')}</dt>
        <dd>
          {category === undefined ? record.category : `${labelFor(language, category)}`} (
          {record.category})
        </dd>
        <dt>{t('records.occurredAt')}</dt>
        <dd>{format.date(record.occurredAt)}</dd>
        <dt>{t('records.status')}</dt>
        <dd>
          {record.inForce
            ? t('records.inForce')
            : t(`records.reasons.${record.notInForceReason ?? 'unknown'}`)}
        </dd>
        {fields.length > 0 && (
          <>
            <dt>{t('records.fields')}</dt>
            <dd>
              <ul className="field-values">
                {fields.map(([name, value]) => (
                  <li key={name}>
                    <span title={name}>{fieldLabel(t, name)}</span>: {String(value)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {record.events.length > 0 && (
          <>
            <dt>{t('records.events')}</dt>
            <dd>
              <ul className="field-values">
                {record.events.map((e) => (
                  <li key={e.seq}>
                    {t('records.event', {
                      type: t(`records.eventTypes.${e.type}`, { defaultValue: e.type }),
                      at: format.dateTime(e.at),
                    })}
                    {e.reason !== null && e.reason !== '' ? `: ${e.reason}` : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {!closed && <RecordActions record={record} onRecorded={onRecorded} />}
    </li>
  );
}

function RecordList({
  own,
  language,
}: {
  readonly own: OwnAgencyDocuments;
  readonly language: Language;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [subject, setSubject] = useState('');
  const [category, setCategory] = useState('');
  const [filter, setFilter] = useState<Filter>({ subject: '', category: '' });
  const [listing, setListing] = useState<Listing | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function load(next: Filter, cursor: number | null, keep: readonly AgencyRecord[]) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await agencyApi.records({
        ...(next.subject === '' ? {} : { subject: next.subject }),
        ...(next.category === '' ? {} : { category: next.category }),
        ...(cursor === null ? {} : { cursor }),
      });
      setListing({ records: [...keep, ...page.records], nextCursor: page.nextCursor });
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }

  // The newest records, once, when the page opens.
  useEffect(() => {
    void load({ subject: '', category: '' }, null, []);
  }, []);

  function search(event: FormEvent): void {
    event.preventDefault();
    const next = { subject: subject.trim().toUpperCase(), category };
    setFilter(next);
    setListing(undefined);
    void load(next, null, []);
  }

  /** After an event, the records shown so far again (their state changed). */
  function reload(): void {
    void load(filter, null, []);
  }

  return (
    <>
      <form className="stack" role="search" onSubmit={search}>
        <div className="field">
          <label htmlFor="agency-records-subject">{t('records.filterSubject')}</label>
          <input
            id="agency-records-subject"
            spellCheck={false}
            autoCapitalize="characters"
            maxLength={18}
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="agency-records-category">{t('records.filterCategory')}</label>
          <select
            id="agency-records-category"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          >
            <option value="">{t('records.anyCategory')}</option>
            {own.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {labelFor(language, c)} ({c.id})
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit" disabled={loading}>
            {t('records.search')}
          </button>
        </p>
      </form>
      {error !== undefined && <Refusal error={error} />}
      {listing === undefined ? (
        loading ? (
          <Loading />
        ) : null
      ) : listing.records.length === 0 ? (
        <p className="state state-empty">{t('records.empty')}</p>
      ) : (
        <>
          <p className="hint" role="status">
            {t('records.shown', { count: listing.records.length })}
          </p>
          <ul className="cards">
            {listing.records.map((record) => (
              <RecordCard
                key={record.id}
                record={record}
                own={own}
                language={language}
                onRecorded={reload}
              />
            ))}
          </ul>
          {listing.nextCursor !== null && (
            <p>
              <button
                type="button"
                className="secondary"
                disabled={loading}
                onClick={() => void load(filter, listing.nextCursor, listing.records)}
              >
                {loading ? t('records.loading') : t('records.more')}
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}

export function RecordsPage(): ReactNode {
  const { t, i18n } = useTranslation(AGENCY_NS);
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'en';
  const own = useOwnAgency();
  return (
    <section aria-labelledby="agency-records-title">
      <h1 id="agency-records-title">{t('records.title')}</h1>
      <p className="lead">{t('records.intro')}</p>
      <Show loaded={own}>{(data) => <RecordList own={data} language={language} />}</Show>
    </section>
  );
}
