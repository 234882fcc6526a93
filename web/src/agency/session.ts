// The agency's session in the browser (docs/web.md, agency console): the agency's bearer token,
// checked once against the API (GET /v1/agency/me answers any agency with who it is, 401 any
// other token), then kept for the tab (app/tab-session.ts) with the agency's id, kind and name,
// and sent only to the agency doors. Signing out forgets it; an answer 401 forgets it too.
import { tabSession } from '../app/tab-session.js';

export interface AgencySession {
  readonly token: string;
  /** The agency's id, kind and name, as GET /v1/agency/me gave them at sign-in. */
  readonly id: string;
  readonly kind: string;
  readonly name: string;
}

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

const session = tabSession<AgencySession>('probity.agency.session', (raw: unknown) => {
  const value = raw as Partial<AgencySession> | null;
  return text(value?.token) && text(value.id) && text(value.kind) && typeof value.name === 'string'
    ? { token: value.token, id: value.id, kind: value.kind, name: value.name }
    : undefined;
});

export const currentAgencySession = session.current;
export const keepAgencySession = session.keep;
/** Signing out, or the server refusing the token (`byServer`). */
export const forgetAgencySession = session.forget;
/** Whether the last session was ended by the server (401); read once. */
export const agencySessionEnded = session.endedByServer;
export const useAgencySession = session.use;
