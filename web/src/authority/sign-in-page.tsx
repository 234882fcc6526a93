// Signing in with the authority's agency token: the token is tried on the population door (401:
// not a token; 403: an agency that is not the authority) and kept only when it answers. The page
// says where the demo's token is (the server prints its agencies' tokens when it starts).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorState } from '../app/states';
import { tryToken } from './authority-api';
import { AUTHORITY_NS } from './i18n/messages';
import { keepToken } from './session';

function Refusal({ error }: { readonly error: unknown }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  if (error instanceof ApiError && (error.status === 401 || error.status === 403))
    return (
      <p className="state state-error" role="alert">
        {error.status === 401 ? t('signIn.wrongToken') : t('signIn.notAuthority')}
      </p>
    );
  return <ErrorState error={error} />;
}

export function SignInPage(): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const [token, setToken] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setError(undefined);
    const value = token.trim();
    try {
      await tryToken(value);
      keepToken(value);
    } catch (e) {
      setError(e);
      setWorking(false);
    }
  }

  return (
    <div className="authority sign-in">
      <h1>{t('signIn.title')}</h1>
      <p className="lead">{t('signIn.intro')}</p>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="authority-token">{t('signIn.token')}</label>
          <input
            id="authority-token"
            name="token"
            type="password"
            autoComplete="current-password"
            spellCheck={false}
            required
            aria-describedby="authority-token-hint"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <p id="authority-token-hint" className="hint">
            {t('signIn.demo')} <code>demo-authority-1</code>
          </p>
        </div>
        <button type="submit" disabled={working}>
          {t('signIn.submit')}
        </button>
      </form>
      {error !== undefined && <Refusal error={error} />}
    </div>
  );
}
