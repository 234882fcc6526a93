// The authority's session in the browser (docs/web.md, authority dashboard): the agency token of
// an agency of kind `authority` (the demo prints it: `demo-authority-1`), kept in sessionStorage
// (gone when the tab closes, never in localStorage) and sent as `Authorization: Bearer <token>`
// on the authority's doors only. Signing out forgets it; an answer 401 forgets it too.
import { useSyncExternalStore } from 'react';

const KEY = 'probity.authority.token';
const listeners = new Set<() => void>();
/** Where the token is kept when the browser refuses sessionStorage: this page only. */
let memory: string | null = null;

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStorage {
  return (globalThis as unknown as { readonly sessionStorage: KeyValueStorage }).sessionStorage;
}

export function currentToken(): string | undefined {
  let raw: string | null;
  try {
    raw = storage().getItem(KEY);
  } catch {
    raw = memory;
  }
  return raw === null || raw === '' ? undefined : raw;
}

function write(raw: string | null): void {
  try {
    if (raw === null) storage().removeItem(KEY);
    else storage().setItem(KEY, raw);
  } catch {
    memory = raw;
  }
  for (const listener of listeners) listener();
}

export function keepToken(token: string): void {
  write(token);
}

export function forgetToken(): void {
  write(null);
}

export function useToken(): string | undefined {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, currentToken);
}
