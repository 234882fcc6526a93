// The objection queue (GET /v1/objections?status=): each objection on a record this agency
// submitted, with its deadline counting down (overdue said plainly), and the decide action
// (POST /v1/objections/{id}/decision): uphold the record, correct it (a form generated from its
// category's fields in the catalogue in force, prefilled with the record's values now; the API
// keeps the original and records the correction as an event on it) or revoke it, with the reason
// the subject will read.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Show } from '../app/states';
import { useApi } from '../app/use-api';
import { labelFor } from '../i18n/format';
import { isLanguage, type Language } from '../i18n/languages';
import { useFormat } from '../i18n/use-format';
import { loadDocuments } from '../publications/documents';
import { agencyApi, type Objection } from './agency-api';
import { FieldInput, fieldLabel, typedValue, type Category } from './category-fields';
import { AGENCY_NS } from './i18n/messages';
import { Refusal } from './refusal';

type Status = 'open' | 'decided' | 'all';
type Outcome = 'upheld' | 'corrected' | 'revoked';
type FieldValue = Objection['recordFields'][string];

/** A field value as a form's text (booleans `true`/`false`). */
const asText = (value: FieldValue | undefined): string =>
  value === undefined ? '' : String(value);

/**
 * The fields a correction changes: those whose typed value differs from the record's now. A field
 * left empty is left as it is (the API merges the correction over the record's values).
 */
export function changedFields(
  category: Category,
  now: Readonly<Record<string, FieldValue>>,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const field of category.fields) {
    const text = (values[field.name] ?? '').trim();
    if (text === '') continue;
    const value = typedValue(field, text);
    if (value !== now[field.name]) changed[field.name] = value;
  }
  return changed;
}

/**
 * The time left until a deadline as days, hours and minutes, in the page's language (whether it is
 * overdue is the API's to say, by its clock, not the browser's).
 */
function timeLeft(ms: number, language: string): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const unit = (value: number, u: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  return [
    days > 0 ? unit(days, 'day') : '',
    hours > 0 || days > 0 ? unit(hours, 'hour') : '',
    unit(mins, 'minute'),
  ]
    .filter((s) => s !== '')
    .join(' ');
}

/** The current time, every 30 seconds: the deadlines count down. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function DecideForm({
  objection,
  category,
  language,
  onDecided,
}: {
  readonly objection: Objection;
  /** The record's category in the catalogue in force (its fields, for a correction). */
  readonly category: Category | undefined;
  readonly language: Language;
  readonly onDecided: () => void;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [outcome, setOutcome] = useState<Outcome>('upheld');
  const [reason, setReason] = useState('');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(objection.recordFields).map(([name, value]) => [name, asText(value)]),
    ),
  );
  const correctable = category !== undefined && category.fields.length > 0;
  const outcomes: readonly Outcome[] = correctable
    ? ['upheld', 'corrected', 'revoked']
    : ['upheld', 'revoked'];
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const id = `decide-${objection.id}`;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setError(undefined);
    try {
      await agencyApi.decide(
        objection.id,
        outcome === 'corrected' && category !== undefined
          ? {
              outcome,
              reason: reason.trim(),
              fields: changedFields(category, objection.recordFields, values),
            }
          : { outcome, reason: reason.trim() },
      );
      onDecided();
    } catch (e) {
      setError(e);
      setWorking(false);
    }
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t('objections.outcome')}</legend>
        {outcomes.map((value) => (
          <div key={value}>
            <input
              type="radio"
              id={`${id}-${value}`}
              name={`${id}-outcome`}
              value={value}
              checked={outcome === value}
              onChange={() => setOutcome(value)}
            />{' '}
            <label htmlFor={`${id}-${value}`}>{t(`objections.${value}`)}</label>
          </div>
        ))}
      </fieldset>
      {outcome === 'corrected' && category !== undefined && (
        <fieldset>
          <legend>
            {t('objections.correctedFields', {
              category: `${labelFor(language, category)} (${category.id})`,
            })}
          </legend>
          <p className="hint">{t('objections.correctedHint')}</p>
          {category.fields.map((field) => (
            <FieldInput
              key={field.name}
              field={field}
              idPrefix={`${id}-field`}
              value={values[field.name] ?? ''}
              onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
            />
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('objections.reason')}</label>
        <textarea
          id={`${id}-reason`}
          required
          maxLength={2000}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      {error !== undefined && <Refusal error={error} />}
      <p>
        <button type="submit" disabled={working}>
          {working ? t('objections.working') : t('objections.submit')}
        </button>
      </p>
    </form>
  );
}

function FieldList({ fields }: { readonly fields: Readonly<Record<string, FieldValue>> }) {
  const { t } = useTranslation(AGENCY_NS);
  const entries = Object.entries(fields);
  if (entries.length === 0) return null;
  return (
    <ul className="field-values">
      {entries.map(([name, value]) => (
        <li key={name}>
          <span title={name}>{fieldLabel(t, name)}</span>: {asText(value)}
        </li>
      ))}
    </ul>
  );
}

function ObjectionCard({
  objection,
  category,
  now,
  onDecided,
}: {
  readonly objection: Objection;
  readonly category: Category | undefined;
  readonly now: number;
  readonly onDecided: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation(AGENCY_NS);
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'en';
  const format = useFormat();
  const left = Date.parse(objection.deadline) - now;
  const undecided = objection.decision === null;
  return (
    <li className="card">
      <h2>{t('objections.heading', { id: objection.id, record: objection.recordId })}</h2>
      <dl>
        <dt>{t('objections.subject')}</dt>
        <dd>{objection.subject}</dd>
        <dt>{t('objections.category')}</dt>
        <dd>{objection.category}</dd>
        <dt>{t('objections.status')}</dt>
        <dd>{t(`objections.statuses.${objection.status}`)}</dd>
        <dt>{t('objections.objectedAt')}</dt>
        <dd>{format.dateTime(objection.objectedAt)}</dd>
        <dt>{t('objections.deadline')}</dt>
        <dd>
          {format.dateTime(objection.deadline)}
          {undecided && (
            <>
              {' '}
              <span className={`countdown${objection.overdue ? ' overdue' : ''}`}>
                {objection.overdue
                  ? t('objections.overdue', { deadline: format.dateTime(objection.deadline) })
                  : t('objections.left', { time: timeLeft(left, i18n.language) })}
              </span>
            </>
          )}
        </dd>
        {Object.keys(objection.recordFields).length > 0 && (
          <>
            <dt>{t('objections.recordFields')}</dt>
            <dd>
              <FieldList fields={objection.recordFields} />
            </dd>
          </>
        )}
        <dt>{t('objections.grounds')}</dt>
        <dd>{objection.grounds}</dd>
        {objection.evidence !== null && (
          <>
            <dt>{t('objections.evidence')}</dt>
            <dd className="pre-line">{objection.evidence}</dd>
          </>
        )}
      </dl>
      {objection.repeat && <p className="hint">{t('objections.repeat')}</p>}
      {objection.decision !== null ? (
        <p>
          {t('objections.decision', {
            outcome: t(`objections.outcomes.${objection.decision.outcome}`, {
              defaultValue: objection.decision.outcome,
            }),
            at: format.dateTime(objection.decision.decidedAt),
            reason: objection.decision.reason,
          })}
        </p>
      ) : (
        <details>
          <summary>{t('objections.decide')}</summary>
          <DecideForm
            objection={objection}
            category={category}
            language={language}
            onDecided={onDecided}
          />
        </details>
      )}
    </li>
  );
}

export function ObjectionsPage(): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [status, setStatus] = useState<Status>('open');
  const [version, setVersion] = useState(0);
  const now = useNow();
  // The queue with the catalogue in force: a correction's form is generated from its category.
  const loaded = useApi(async () => {
    const [{ objections }, documents] = await Promise.all([
      agencyApi.objections(status),
      loadDocuments(),
    ]);
    return { objections, categories: documents.catalog.categories };
  }, [status, version]);
  return (
    <section aria-labelledby="agency-objections-title">
      <h1 id="agency-objections-title">{t('objections.title')}</h1>
      <p className="lead">{t('objections.intro')}</p>
      <div className="field">
        <label htmlFor="agency-objections-status">{t('objections.show')}</label>
        <select
          id="agency-objections-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as Status)}
        >
          {(['open', 'decided', 'all'] as const).map((value) => (
            <option key={value} value={value}>
              {t(`objections.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <Show loaded={loaded}>
        {({ objections, categories }) =>
          objections.length === 0 ? (
            <p className="state state-empty">{t('objections.empty')}</p>
          ) : (
            <ul className="cards">
              {objections.map((objection) => (
                <ObjectionCard
                  key={objection.id}
                  objection={objection}
                  category={categories.find((c) => c.id === objection.category)}
                  now={now}
                  onDecided={() => setVersion((v) => v + 1)}
                />
              ))}
            </ul>
          )
        }
      </Show>
    </section>
  );
}
