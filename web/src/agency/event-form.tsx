// An event on one of the agency's records (POST /v1/records/{id}/events): fulfilled, suspended
// (a payment plan agreed: the reason says so) or resumed. The API refuses a record another agency
// submitted (403 NotSubmittingAgency) and says why.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyApi } from './agency-api';
import { AGENCY_NS } from './i18n/messages';
import { Outcome, type ActionOutcome } from './refusal';

type EventType = 'fulfilled' | 'suspended' | 'resumed';
const TYPES: readonly EventType[] = ['fulfilled', 'suspended', 'resumed'];

export function EventForm(): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [recordId, setRecordId] = useState('');
  const [type, setType] = useState<EventType>('fulfilled');
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome>();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setOutcome(undefined);
    try {
      const id = Number(recordId);
      await agencyApi.event(id, reason.trim() === '' ? { type } : { type, reason: reason.trim() });
      setOutcome({ done: t('event.done', { id, type: t(`event.${type}`) }) });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setWorking(false);
    }
  }

  return (
    <section aria-labelledby="agency-event-title">
      <h2 id="agency-event-title">{t('event.title')}</h2>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="agency-event-record">{t('event.record')}</label>
          <input
            id="agency-event-record"
            type="number"
            min={1}
            step={1}
            required
            value={recordId}
            onChange={(e) => setRecordId(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="agency-event-type">{t('event.type')}</label>
          <select
            id="agency-event-type"
            value={type}
            onChange={(e) => setType(e.target.value as EventType)}
          >
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`event.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="agency-event-reason">{t('event.reason')}</label>
          <input
            id="agency-event-reason"
            maxLength={2000}
            required={type === 'suspended'}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <p>
          <button type="submit" className="secondary" disabled={working}>
            {t('event.submit')}
          </button>
        </p>
        <Outcome outcome={outcome} />
      </form>
    </section>
  );
}
