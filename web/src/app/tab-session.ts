// A sign-in kept for one browser tab (docs/web.md): the citizen's session, an agency's or the
// authority's token. Kept in the tab's sessionStorage (gone when the tab closes, never in
// localStorage), or for this page only where the browser refuses storage; read back through
// `parse`, which drops anything malformed; React components follow it with `use`. Signing out
// forgets it; an answer 401 forgets it too (`forget(true)`), which the sign-in page reports once.
import { useSyncExternalStore } from 'react';

// Members are functions held as properties, so that a caller may take them apart
// (`export const keepSession = session.keep`).
export interface TabSession<T> {
  /** The value kept, if any (whether the server still takes it is the server's to say). */
  readonly current: () => T | undefined;
  readonly keep: (value: T) => void;
  /** Signing out, or the server refusing it (`byServer`). */
  readonly forget: (byServer?: boolean) => void;
  /** Whether the last one was ended by the server (401), not by signing out; read once. */
  readonly endedByServer: () => boolean;
  /** `current()` for a component, which renders again when it changes. */
  readonly use: () => T | undefined;
}

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The tab's sessionStorage (reading it throws where the browser refuses storage). */
function storage(): KeyValueStorage {
  return (globalThis as unknown as { readonly sessionStorage: KeyValueStorage }).sessionStorage;
}

const signedOut = (): undefined => undefined;

export function tabSession<T>(
  key: string,
  parse: (value: unknown) => T | undefined,
): TabSession<T> {
  const listeners = new Set<() => void>();
  let memory: string | null = null;
  let cached: { raw: string | null; value: T | undefined } = { raw: null, value: undefined };
  let ended = false;

  const readRaw = (): string | null => {
    try {
      return storage().getItem(key);
    } catch {
      return memory;
    }
  };
  const writeRaw = (raw: string | null): void => {
    try {
      if (raw === null) storage().removeItem(key);
      else storage().setItem(key, raw);
    } catch {
      memory = raw;
    }
    for (const listener of listeners) listener();
  };
  const current = (): T | undefined => {
    const raw = readRaw();
    if (raw === cached.raw) return cached.value;
    let value: T | undefined;
    try {
      value = raw === null ? undefined : parse(JSON.parse(raw));
    } catch {
      value = undefined;
    }
    cached = { raw, value };
    return value;
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  return {
    current,
    keep: (value) => {
      ended = false;
      writeRaw(JSON.stringify(value));
    },
    forget: (byServer = false) => {
      ended = byServer;
      writeRaw(null);
    },
    endedByServer: () => {
      const was = ended;
      ended = false;
      return was;
    },
    // Nothing kept on the server, which renders a first page signed out (docs/web.md, "Size and
    // speed"); hydration starts from that, then shows what the tab keeps.
    use: () => useSyncExternalStore(subscribe, current, signedOut),
  };
}
