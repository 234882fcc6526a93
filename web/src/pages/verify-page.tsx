// The authority's public key and how to check a publication yourself, with a check run here in
// the browser (Web Crypto) on any published version: the manifest's hash and signature, each
// file's hash, and the link to the version before.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, Loading, Show } from '../app/states';
import { useApi, type Loaded } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import { listLabel, useDocuments } from '../publications/documents';
import { loadIndex, loadKey } from '../publications/load';
import type { AuthorityKey, PublicationIndex } from '../publications/types';
import { verifyVersion, type Check } from '../publications/verify';

function KeySection({ loaded }: { readonly loaded: Loaded<AuthorityKey> }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="key">
      <h2 id="key">{t('verify.key.title')}</h2>
      <Show loaded={loaded}>
        {(key) => (
          <>
            <dl className="facts">
              <dt>{t('verify.key.id')}</dt>
              <dd className="mono">{key.keyId}</dd>
              <dt>{t('verify.key.algorithm')}</dt>
              <dd>{key.algorithm}</dd>
              <dt>{t('verify.key.created')}</dt>
              <dd>{format.dateTime(key.createdAt)}</dd>
              <dt>{t('verify.key.raw')}</dt>
              <dd className="mono">{key.publicKey}</dd>
            </dl>
            <p>{t('verify.key.pem')}</p>
            <pre tabIndex={0} aria-label={t('verify.key.pem')}>
              {key.publicKeyPem}
            </pre>
          </>
        )}
      </Show>
    </section>
  );
}

function Steps(): ReactNode {
  const { t } = useTranslation();
  const steps = ['canonical', 'hash', 'signature', 'files', 'chain', 'keyId'] as const;
  return (
    <section aria-labelledby="how">
      <h2 id="how">{t('verify.how.title')}</h2>
      <p>{t('verify.how.intro')}</p>
      <ol className="steps">
        {steps.map((step) => (
          <li key={step}>
            <Trans i18nKey={`verify.how.${step}`} components={{ code: <code /> }} />
          </li>
        ))}
      </ol>
      <p>{t('verify.how.example')}</p>
      <pre tabIndex={0} aria-label={t('verify.how.exampleLabel')}>
        {[
          '# v3.manifest.json → the manifest, canonical, and the signature',
          'jq -cjS .manifest v3.manifest.json > manifest.canonical',
          'sha256sum manifest.canonical    # = manifestSha256',
          'jq -r .signature.value v3.manifest.json | base64 -d > manifest.sig',
          'openssl pkeyutl -verify -pubin -inkey authority-key.pem -rawin \\',
          '  -in manifest.canonical -sigfile manifest.sig',
          'sha256sum v3.json v3.csv v3.delta.json    # = the manifest’s files[].sha256',
        ].join('\n')}
      </pre>
      <p>
        <Trans i18nKey="verify.how.operator" components={{ code: <code /> }} />
      </p>
    </section>
  );
}

const LABELS: Record<Check['key'], string> = {
  keyId: 'verify.check.keyId',
  manifestCanonical: 'verify.check.manifestCanonical',
  manifestHash: 'verify.check.manifestHash',
  signature: 'verify.check.signature',
  file: 'verify.check.file',
  chain: 'verify.check.chain',
};

function Results({ checks }: { readonly checks: readonly Check[] }): ReactNode {
  const { t } = useTranslation();
  const ok = checks.every((c) => c.ok);
  return (
    <div className={ok ? 'verdict verdict-ok' : 'verdict verdict-bad'} role="status">
      <p>
        <strong>{ok ? t('verify.result.ok') : t('verify.result.bad')}</strong>
      </p>
      <ul>
        {checks.map((check, i) => (
          <li key={i}>
            <span className="mark">
              {check.ok ? t('verify.result.holds') : t('verify.result.fails')}
            </span>{' '}
            {t(LABELS[check.key], { subject: check.subject ?? '' })}
            {!check.ok && check.expected !== undefined && (
              <span className="mono">
                {' '}
                {t('verify.result.expected', {
                  expected: check.expected,
                  actual: check.actual ?? '',
                })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function CheckForm({
  index,
  keyLoaded,
}: {
  readonly index: PublicationIndex;
  readonly keyLoaded: Loaded<AuthorityKey>;
}): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const docs = useDocuments();
  const [params, setParams] = useSearchParams();
  const first = index.lists[0];
  const [list, setList] = useState(params.get('list') ?? first?.list ?? '');
  const chosen = index.lists.find((l) => l.list === list);
  const [version, setVersion] = useState(params.get('version') ?? String(chosen?.latest ?? 1));
  const [result, setResult] = useState<Loaded<Check[]> | undefined>(undefined);
  if (index.lists.length === 0) return <p>{t('lists.none')}</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (keyLoaded.state !== 'ok') return;
    const n = Number(version);
    setParams({ list, version });
    setResult({ state: 'loading' });
    verifyVersion(keyLoaded.data, list, n).then(
      (checks) => setResult({ state: 'ok', data: checks }),
      (error: unknown) => setResult({ state: 'error', error }),
    );
  };
  return (
    <>
      <form className="stacked" onSubmit={submit}>
        <div className="field">
          <label htmlFor="verify-list">{t('verify.form.list')}</label>
          <select
            id="verify-list"
            value={list}
            onChange={(event) => {
              setList(event.target.value);
              const next = index.lists.find((l) => l.list === event.target.value);
              if (next) setVersion(String(next.latest));
            }}
          >
            {index.lists.map((l) => (
              <option key={l.list} value={l.list}>
                {listLabel(docs, format.language, l.list, l.label)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="verify-version">{t('verify.form.version')}</label>
          <input
            id="verify-version"
            type="number"
            inputMode="numeric"
            min={1}
            max={chosen?.latest}
            required
            value={version}
            onChange={(event) => setVersion(event.target.value)}
          />
        </div>
        <button type="submit" disabled={keyLoaded.state !== 'ok'}>
          {t('verify.form.submit')}
        </button>
      </form>
      {result?.state === 'loading' && <Loading />}
      {result?.state === 'error' && <ErrorState error={result.error} />}
      {result?.state === 'ok' && <Results checks={result.data} />}
      {chosen && (
        <p>
          <Link to={`/lists/${chosen.list}/${version}`}>{t('verify.form.open')}</Link>
        </p>
      )}
    </>
  );
}

export function VerifyPage(): ReactNode {
  const { t } = useTranslation();
  const keyLoaded = useApi(loadKey, []);
  const index = useApi(loadIndex, []);
  return (
    <>
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.intro')}</p>
      <section aria-labelledby="check">
        <h2 id="check">{t('verify.form.title')}</h2>
        <Show loaded={index}>{(data) => <CheckForm index={data} keyLoaded={keyLoaded} />}</Show>
      </section>
      <KeySection loaded={keyLoaded} />
      <Steps />
    </>
  );
}
