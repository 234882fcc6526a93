// Signing in with a one-time code (POST /v1/citizen/session). The page says how a code is had
// on the demo (the server prints its demo citizens' codes when it starts; `probity citizen code`
// issues more) and what went wrong when the API refuses.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useHydrated } from '../app/hydrated';
import { ErrorState } from '../app/states';
import { signIn } from './citizen-api';
import { CITIZEN_NS } from './i18n/messages';
import { keepSession, sessionEnded } from './session';

function Refusal({ error }: { readonly error: unknown }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  if (error instanceof ApiError) {
    const text =
      error.status === 401
        ? t('signIn.wrongCode')
        : error.status === 422 || error.status === 400
          ? t('signIn.badIdentifier', { message: error.message })
          : error.status === 429
            ? t('signIn.tooMany')
            : undefined;
    if (text !== undefined)
      return (
        <p className="state state-error" role="alert">
          {text}
        </p>
      );
  }
  return <ErrorState error={error} />;
}

export function SignInPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const [ended] = useState(sessionEnded);
  const [identifier, setIdentifier] = useState('');
  const [code, setCode] = useState('');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // Server-rendered: not sent before the application runs it (the code would go into the address).
  const hydrated = useHydrated();

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setWorking(true);
    setError(undefined);
    const subject = identifier.trim().toUpperCase();
    try {
      const session = await signIn(subject, code.trim());
      keepSession({ token: session.token, expiresAt: session.expiresAt, subject });
    } catch (e) {
      setError(e);
      setWorking(false);
    }
  }

  return (
    <div className="citizen sign-in">
      <h1>{t('signIn.title')}</h1>
      <p className="lead">{t('signIn.intro')}</p>
      {ended && (
        <p className="state state-empty" role="status">
          {t('signIn.ended')}
        </p>
      )}
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="citizen-identifier">{t('signIn.identifier')}</label>
          <input
            id="citizen-identifier"
            name="identifier"
            autoComplete="username"
            autoCapitalize="characters"
            spellCheck={false}
            required
            maxLength={18}
            aria-describedby="citizen-identifier-hint"
            value={identifier}
            onChange={(e) => setIdentifier(e.target.value)}
          />
          <p id="citizen-identifier-hint" className="hint">
            {t('signIn.identifierHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="citizen-code">{t('signIn.code')}</label>
          <input
            id="citizen-code"
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            required
            aria-describedby="citizen-code-hint"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <p id="citizen-code-hint" className="hint">
            {t('signIn.codeHint')}
          </p>
        </div>
        {error !== undefined && <Refusal error={error} />}
        <p>
          <button type="submit" disabled={working || !hydrated}>
            {working ? t('signIn.working') : t('signIn.submit')}
          </button>
        </p>
      </form>
      <section aria-labelledby="demo-codes">
        <h2 id="demo-codes">{t('signIn.demoTitle')}</h2>
        <p>{t('signIn.demoText')}</p>
        <pre>npx probity citizen code &lt;identifier&gt;</pre>
      </section>
    </div>
  );
}
