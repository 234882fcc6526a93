// Loading an answer of the API for a page: loading, the data, or the error that says what
// happened. A change of `key` loads again; an answer that arrives after the page moved on is
// dropped.
import { useEffect, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: unknown }
  | { readonly state: 'ok'; readonly data: T };

export function useApi<T>(load: () => Promise<T>, key: readonly unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (data) => current && setLoaded({ state: 'ok', data }),
      (error: unknown) => current && setLoaded({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, key);
  return loaded;
}
