// The citizen's session in the browser (docs/web.md, citizen portal): POST /v1/citizen/session
// answers a bearer token valid one hour; it is kept in sessionStorage (gone when the tab closes,
// never in localStorage) and sent as `Authorization: Bearer <token>` on the citizen doors only.
// Signing out forgets it; an answer 401 (the session ended) forgets it too.
import { useSyncExternalStore } from 'react';

export interface CitizenSession {
  readonly token: string;
  readonly expiresAt: string;
  /** The identifier signed in with, for display only (the API knows the session's subject). */
  readonly subject: string;
}

const KEY = 'probity.citizen.session';
const listeners = new Set<() => void>();
let cached: { raw: string | null; session: CitizenSession | undefined } = {
  raw: null,
  session: undefined,
};

/** Where the session is kept when the browser refuses sessionStorage: this page only. */
let memory: string | null = null;

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The tab's sessionStorage (reading it throws where the browser refuses storage). */
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

function read(): CitizenSession | undefined {
  const raw = readRaw();
  if (raw === cached.raw) return cached.session;
  let session: CitizenSession | undefined;
  try {
    const value = raw === null ? undefined : (JSON.parse(raw) as Partial<CitizenSession>);
    session =
      typeof value?.token === 'string' &&
      typeof value.expiresAt === 'string' &&
      typeof value.subject === 'string'
        ? { token: value.token, expiresAt: value.expiresAt, subject: value.subject }
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

/**
 * The session kept. Whether it is still live is the server's to say (its clock, not the
 * browser's): an answer 401 forgets it.
 */
export function currentSession(): CitizenSession | undefined {
  return read();
}

export function keepSession(session: CitizenSession): void {
  ended = false;
  writeRaw(JSON.stringify(session));
  notify();
}

let ended = false;

/** Whether the last session was ended by the server (401), not by signing out; read once. */
export function sessionEnded(): boolean {
  const was = ended;
  ended = false;
  return was;
}

/** Signing out, or the server saying the session has ended (`byServer`). */
export function forgetSession(byServer = false): void {
  ended = byServer;
  writeRaw(null);
  notify();
}

export function useSession(): CitizenSession | undefined {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, currentSession);
}
