// The objection queue (GET /v1/objections?status=): each objection on a record this agency
// submitted, with its deadline counting down (overdue said plainly), and the decide action
// (POST /v1/objections/{id}/decision): uphold the record or revoke it, with the reason the
// subject will read.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Show } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { agencyApi, type Objection } from './agency-api';
import { AGENCY_NS } from './i18n/messages';
import { Refusal } from './refusal';

type Status = 'open' | 'decided' | 'all';
type Outcome = 'upheld' | 'revoked';

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
  onDecided,
}: {
  readonly objection: Objection;
  readonly onDecided: () => void;
}): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [outcome, setOutcome] = useState<Outcome>('upheld');
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const id = `decide-${objection.id}`;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setError(undefined);
    try {
      await agencyApi.decide(objection.id, { outcome, reason: reason.trim() });
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
        {(['upheld', 'revoked'] as const).map((value) => (
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

function ObjectionCard({
  objection,
  now,
  onDecided,
}: {
  readonly objection: Objection;
  readonly now: number;
  readonly onDecided: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation(AGENCY_NS);
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
          <DecideForm objection={objection} onDecided={onDecided} />
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
  const loaded = useApi(() => agencyApi.objections(status), [status, version]);
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
        {({ objections }) =>
          objections.length === 0 ? (
            <p className="state state-empty">{t('objections.empty')}</p>
          ) : (
            <ul className="cards">
              {objections.map((objection) => (
                <ObjectionCard
                  key={objection.id}
                  objection={objection}
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
