// The states every page shows the same way: loading, nothing to show, and an error that says
// what happened (the API's own message, or that the server could not be reached).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { Loaded } from './use-api';

export function Loading(): ReactNode {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status">
      {t('state.loading')}
    </p>
  );
}

export function Empty({ children }: { readonly children: ReactNode }): ReactNode {
  return <p className="state state-empty">{children}</p>;
}

export function ErrorState({ error }: { readonly error: unknown }): ReactNode {
  const { t } = useTranslation();
  const detail =
    error instanceof ApiError
      ? error.status === 404
        ? t('state.notFound')
        : t('state.apiError', { status: error.status, code: error.code, message: error.message })
      : t('state.unreachable');
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{t('state.error')}</strong> {detail}
      </p>
    </div>
  );
}

/** Renders `children(data)` once loaded, else the loading or error state. */
export function Show<T>({
  loaded,
  children,
}: {
  readonly loaded: Loaded<T>;
  readonly children: (data: T) => ReactNode;
}): ReactNode {
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} />;
  return children(loaded.data);
}
