// Signing in with the agency's token: checked once against the API (GET /v1/agency/me, which
// says who the agency is), then kept in the tab's sessionStorage with the agency's id, kind and
// name. The page says where the demo's tokens come from.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorState } from '../app/states';
import { agencyOfToken } from './agency-api';
import { AGENCY_NS } from './i18n/messages';
import { agencySessionEnded, keepAgencySession } from './session';

export function SignInPage(): ReactNode {
  const { t } = useTranslation(AGENCY_NS);
  const [ended] = useState(agencySessionEnded);
  const [token, setToken] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setError(undefined);
    const value = token.trim();
    try {
      const agency = await agencyOfToken(value);
      keepAgencySession({ token: value, id: agency.id, kind: agency.kind, name: agency.name });
    } catch (e) {
      setError(e);
      setWorking(false);
    }
  }

  return (
    <div className="citizen agency sign-in">
      <h1>{t('signIn.title')}</h1>
      <p className="lead">{t('signIn.intro')}</p>
      {ended && (
        <p className="state state-empty" role="status">
          {t('signIn.ended')}
        </p>
      )}
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="agency-token">{t('signIn.token')}</label>
          <input
            id="agency-token"
            name="token"
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            required
            aria-describedby="agency-token-hint"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <p id="agency-token-hint" className="hint">
            {t('signIn.tokenHint')}
          </p>
        </div>
        {error !== undefined &&
          (error instanceof ApiError && (error.status === 401 || error.status === 403) ? (
            <p className="state state-error" role="alert">
              {t('signIn.refused')}
            </p>
          ) : (
            <ErrorState error={error} />
          ))}
        <p>
          <button type="submit" disabled={working}>
            {working ? t('signIn.working') : t('signIn.submit')}
          </button>
        </p>
      </form>
      <section aria-labelledby="demo-tokens">
        <h2 id="demo-tokens">{t('signIn.demoTitle')}</h2>
        <p>{t('signIn.demoText')}</p>
      </section>
    </div>
  );
}
