// The agency's session in the browser (docs/web.md, agency console): the agency's bearer token,
// checked once against the API (GET /v1/objections answers any agency, 401 any other token), then
// kept in the tab's sessionStorage (never localStorage: it goes when the tab closes) and sent only
// to the agency doors. Signing out forgets it; an answer 401 forgets it too.
import { useSyncExternalStore } from 'react';

export interface AgencySession {
  readonly token: string;
  /** The agency's kind where the token says it (the demo's `demo-<kind>-1`), else null. */
  readonly kind: string | null;
}

const KEY = 'probity.agency.session';
const listeners = new Set<() => void>();
let memory: string | null = null;
let cached: { raw: string | null; session: AgencySession | undefined } = {
  raw: null,
  session: undefined,
};

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStorage {
  return (globalThis as unknown as { readonly sessionStorage: KeyValueStorage }).sessionStorage;
}

function readRaw(): string | null {
  try {
    return storage().getItem(KEY);
  } catch {
    return memory;
  }
}

function writeRaw(raw: string | null): void {
  try {
    if (raw === null) storage().removeItem(KEY);
    else storage().setItem(KEY, raw);
  } catch {
    memory = raw;
  }
}

/** The kind a demo token names (`demo-court-1` → `court`); null for any other token. */
export function kindOfToken(token: string): string | null {
  const match = /^demo-([a-z][a-z-]*)-\d+$/.exec(token);
  return match?.[1] ?? null;
}

export function currentAgencySession(): AgencySession | undefined {
  const raw = readRaw();
  if (raw === cached.raw) return cached.session;
  let session: AgencySession | undefined;
  try {
    const value = raw === null ? undefined : (JSON.parse(raw) as Partial<AgencySession>);
    session =
      typeof value?.token === 'string' && value.token !== ''
        ? { token: value.token, kind: typeof value.kind === 'string' ? value.kind : null }
        : undefined;
  } catch {
    session = undefined;
  }
  cached = { raw, session };
  return session;
}

function notify(): void {
  for (const listener of listeners) listener();
}

let ended = false;

export function keepAgencySession(session: AgencySession): void {
  ended = false;
  writeRaw(JSON.stringify(session));
  notify();
}

/** Signing out, or the server refusing the token (`byServer`). */
export function forgetAgencySession(byServer = false): void {
  ended = byServer;
  writeRaw(null);
  notify();
}

/** Whether the last session was ended by the server (401); read once. */
export function agencySessionEnded(): boolean {
  const was = ended;
  ended = false;
  return was;
}

export function useAgencySession(): AgencySession | undefined {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, currentAgencySession);
}
