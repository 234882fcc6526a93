// A refusal of the API with every reason it gave (a 422 names each field and problem).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../app/states';
import { AgencyApiError } from './agency-api';
import { AGENCY_NS } from './i18n/messages';

export function Refusal({ error }: { readonly error: unknown }): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  if (!(error instanceof AgencyApiError)) return <ErrorState error={error} />;
  return (
    <div className="state state-error" role="alert">
      <p>
        {t('record.rejected', { status: error.status, code: error.code, message: error.message })}
      </p>
      {error.reasons.length > 0 && (
        <>
          <p>{t('record.reasonsTitle')}</p>
          <ul>
            {error.reasons.map((r, i) => (
              <li key={i}>
                <code>{r.path}</code> {r.code}: {r.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** What an action of the console came to: done (said in words) or refused. */
export type ActionOutcome = { readonly done: string } | { readonly error: unknown } | undefined;

/** An action's outcome, announced: its words when done, the refusal with its reasons otherwise. */
export function Outcome({ outcome }: { readonly outcome: ActionOutcome }): ReactNode {
  if (outcome === undefined) return null;
  return 'done' in outcome ? (
    <p className="state" role="status">
      {outcome.done}
    </p>
  ) : (
    <Refusal error={outcome.error} />
  );
}
