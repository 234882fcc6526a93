// My records (GET /v1/citizen/records): each record with whether it counts now and why not, its
// effect's end, the lists it puts me on, what happened to it, and where its objection stands; the
// actions of due process on it: object (grounds, evidence: POST /v1/citizen/objections), appeal a
// decision (POST /v1/citizen/appeals), ask for repair (POST /v1/citizen/repairs). The API decides
// what is allowed: a refusal is shown with the API's own reason.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Show } from '../app/states';
import { useFormat } from '../i18n/use-format';
import { citizenApi, type OwnRecord } from './citizen-api';
import { objectionStage } from './due-process';
import { useLabels } from './labels';
import { CITIZEN_NS } from './i18n/messages';
import { useCitizen } from './use-citizen';

type Done = (message: string) => void;

/** The catalogue's money fields, in fen (policies/catalog.yaml), shown in yuan. */
const MONEY_FIELDS = new Set(['amount', 'fine']);

function GroundsForm({
  record,
  kind,
  onDone,
}: {
  readonly record: OwnRecord;
  readonly kind: 'object' | 'appeal';
  readonly onDone: Done;
}): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const [grounds, setGrounds] = useState('');
  const [evidence, setEvidence] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const id = `${kind}-${record.id}`;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setError(undefined);
    const body = {
      recordId: record.id,
      grounds: grounds.trim(),
      ...(evidence.trim() !== '' && { evidence: evidence.trim() }),
    };
    try {
      if (kind === 'object') {
        const objection = await citizenApi.object(body);
        onDone(
          t('records.object.done', {
            id: objection.id,
            deadline: format.dateTime(objection.deadline),
          }),
        );
      } else {
        const objection = await citizenApi.appeal(body);
        onDone(t('records.appeal.done', { id: objection.appeal?.id ?? objection.id }));
      }
    } catch (e) {
      setError(e);
    } finally {
      setWorking(false);
    }
  }

  return (
    <details className="action">
      <summary>{t(kind === 'object' ? 'records.object.action' : 'records.appeal.action')}</summary>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-grounds`}>
            {t(kind === 'object' ? 'records.object.grounds' : 'records.appeal.grounds')}
          </label>
          <textarea
            id={`${id}-grounds`}
            required
            rows={4}
            maxLength={4000}
            aria-describedby={`${id}-grounds-hint`}
            value={grounds}
            onChange={(e) => setGrounds(e.target.value)}
          />
          <p id={`${id}-grounds-hint`} className="hint">
            {t('records.object.groundsHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-evidence`}>{t('records.object.evidence')}</label>
          <textarea
            id={`${id}-evidence`}
            rows={3}
            aria-describedby={`${id}-evidence-hint`}
            value={evidence}
            onChange={(e) => setEvidence(e.target.value)}
          />
          <p id={`${id}-evidence-hint`} className="hint">
            {t('records.object.evidenceHint')}
          </p>
        </div>
        {error !== undefined && <ErrorState error={error} />}
        <p>
          <button type="submit" disabled={working}>
            {working
              ? t('records.working')
              : t(kind === 'object' ? 'records.object.submit' : 'records.appeal.submit')}
          </button>
        </p>
      </form>
    </details>
  );
}

function RepairAction({
  record,
  onDone,
}: {
  readonly record: OwnRecord;
  readonly onDone: Done;
}): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  async function repair(): Promise<void> {
    setWorking(true);
    setError(undefined);
    try {
      const granted = await citizenApi.repair({ recordId: record.id });
      onDone(t('records.repair.done', { id: granted.recordId }));
    } catch (e) {
      setError(e);
    } finally {
      setWorking(false);
    }
  }
  return (
    <div className="action">
      <p className="hint">{t('records.repair.hint')}</p>
      <button type="button" className="secondary" disabled={working} onClick={() => void repair()}>
        {working ? t('records.working') : t('records.repair.action')}
      </button>
      {error !== undefined && <ErrorState error={error} />}
    </div>
  );
}

function StageLine({ record }: { readonly record: OwnRecord }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const stage = objectionStage(record);
  switch (stage.stage) {
    case 'none':
      return null;
    case 'open':
      return <p className="stage stage-open">{t('records.objection.open')}</p>;
    case 'decided':
      return (
        <p className="stage">
          {t('records.objection.decided', {
            outcome: t(`terms.outcomes.${stage.outcome}`, { defaultValue: stage.outcome }),
          })}
        </p>
      );
    case 'under-appeal':
      return <p className="stage stage-open">{t('records.objection.underAppeal')}</p>;
    case 'final':
      return (
        <p className="stage">
          {t('records.objection.final', {
            outcome: t(`terms.outcomes.${stage.outcome}`, { defaultValue: stage.outcome }),
          })}
        </p>
      );
  }
}

function RecordItem({
  record,
  onDone,
}: {
  readonly record: OwnRecord;
  readonly onDone: Done;
}): ReactNode {
  const { t, i18n } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const stage = objectionStage(record);
  const labels = useLabels();
  const headingId = `record-${record.id}`;
  return (
    <li className="card">
      <article aria-labelledby={headingId}>
        <h2 id={headingId}>
          {t('records.caption', { id: record.id, category: labels.category(record.category) })}
        </h2>
        <p className="hint mono">{record.category}</p>
        <dl className="facts">
          <dt>{t('records.status')}</dt>
          <dd>
            {record.inForce
              ? t('records.inForce')
              : t('records.notInForce', { reason: record.notInForceReason ?? '' })}
          </dd>
          <dt>{t('records.agency')}</dt>
          <dd>{record.agency}</dd>
          <dt>{t('records.sourceRef')}</dt>
          <dd className="mono">{record.sourceRef}</dd>
          <dt>{t('records.occurredAt')}</dt>
          <dd>{format.date(record.occurredAt)}</dd>
          <dt>{t('records.recordedAt')}</dt>
          <dd>{format.dateTime(record.recordedAt)}</dd>
          {record.effectEnd !== null && (
            <>
              <dt>{t('records.effectEnd')}</dt>
              <dd>{format.date(record.effectEnd)}</dd>
            </>
          )}
          {record.lists.length > 0 && (
            <>
              <dt>{t('records.lists')}</dt>
              <dd>{record.lists.map((id) => labels.list(id)).join(', ')}</dd>
            </>
          )}
          {Object.entries(record.fields).map(([key, value]) => (
            <div key={key} className="field-fact">
              <dt>
                {i18n.exists(`terms.fields.${key}`, { ns: CITIZEN_NS })
                  ? t(`terms.fields.${key}`)
                  : key}
              </dt>
              <dd>
                {MONEY_FIELDS.has(key) && typeof value === 'number'
                  ? format.money(value)
                  : String(value)}
              </dd>
            </div>
          ))}
        </dl>
        <StageLine record={record} />
        <h3>{t('records.events')}</h3>
        {record.events.length === 0 ? (
          <p className="hint">{t('records.noEvents')}</p>
        ) : (
          <ol className="events">
            {record.events.map((e) => (
              <li key={e.seq}>
                {t('records.event', {
                  type: t(`terms.events.${e.type}`, { defaultValue: e.type }),
                  date: format.dateTime(e.at),
                  actor: e.actor === 'subject' ? t('terms.you') : e.actor,
                })}
                {e.reason !== null && e.reason !== '' && <> — {e.reason}</>}
              </li>
            ))}
          </ol>
        )}
        {stage.stage !== 'open' && stage.stage !== 'under-appeal' && (
          <GroundsForm record={record} kind="object" onDone={onDone} />
        )}
        {stage.stage === 'decided' && <GroundsForm record={record} kind="appeal" onDone={onDone} />}
        {record.repairFrom !== null && <RepairAction record={record} onDone={onDone} />}
      </article>
    </li>
  );
}

export function RecordsPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const [loaded, reload] = useCitizen(citizenApi.records);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const done: Done = (text) => {
    setMessage(text);
    reload();
  };
  return (
    <>
      <h1>{t('records.title')}</h1>
      <p className="lead">{t('records.intro')}</p>
      <div role="status" className="announce">
        {message !== undefined && <p className="state state-ok">{message}</p>}
      </div>
      <Show loaded={loaded}>
        {(data) =>
          data.records.length === 0 ? (
            <Empty>{t('records.none')}</Empty>
          ) : (
            <ul className="cards">
              {data.records.map((r) => (
                <RecordItem key={r.id} record={r} onDone={done} />
              ))}
            </ul>
          )
        }
      </Show>
    </>
  );
}
