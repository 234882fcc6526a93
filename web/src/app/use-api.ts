// Loading an answer of the API for a page: loading, the data, or the error that says what
// happened. A change of `key` loads again; an answer that arrives after the page moved on is
// dropped. `initial`, the answer the server rendered the page with (initial-data.ts), is shown
// from the first render and not fetched again.
import { useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: unknown }
  | { readonly state: 'ok'; readonly data: T };

export function useApi<T>(load: () => Promise<T>, key: readonly unknown[], initial?: T): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>(() =>
    initial === undefined ? { state: 'loading' } : { state: 'ok', data: initial },
  );
  const given = useRef(initial !== undefined);
  useEffect(() => {
    if (given.current) {
      given.current = false; // the first key's answer came with the page
      return;
    }
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
