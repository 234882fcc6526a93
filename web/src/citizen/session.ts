// The citizen's session in the browser (docs/web.md, citizen portal): POST /v1/citizen/session
// answers a bearer token valid one hour; it is kept for the tab (app/tab-session.ts: never in
// localStorage) and sent as `Authorization: Bearer <token>` on the citizen doors only. Signing
// out forgets it; an answer 401 (the session ended) forgets it too.
import { tabSession } from '../app/tab-session.js';

export interface CitizenSession {
  readonly token: string;
  readonly expiresAt: string;
  /** The identifier signed in with, for display only (the API knows the session's subject). */
  readonly subject: string;
}

const session = tabSession<CitizenSession>('probity.citizen.session', (raw: unknown) => {
  const value = raw as Partial<CitizenSession> | null;
  return typeof value?.token === 'string' &&
    typeof value.expiresAt === 'string' &&
    typeof value.subject === 'string'
    ? { token: value.token, expiresAt: value.expiresAt, subject: value.subject }
    : undefined;
});

/**
 * The session kept. Whether it is still live is the server's to say (its clock, not the
 * browser's): an answer 401 forgets it.
 */
export const currentSession = session.current;
export const keepSession = session.keep;
/** Whether the last session was ended by the server (401), not by signing out; read once. */
export const sessionEnded = session.endedByServer;
/** Signing out, or the server saying the session has ended (`byServer`). */
export const forgetSession = session.forget;
export const useSession = session.use;
