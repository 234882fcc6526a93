// The agency's session in the browser (docs/web.md, agency console): the agency's bearer token,
// checked once against the API (GET /v1/objections answers any agency, 401 any other token), then
// kept for the tab (app/tab-session.ts) and sent only to the agency doors. Signing out forgets
// it; an answer 401 forgets it too.
import { tabSession } from '../app/tab-session.js';

export interface AgencySession {
  readonly token: string;
  /** The agency's kind where the token says it (the demo's `demo-<kind>-1`), else null. */
  readonly kind: string | null;
}

const session = tabSession<AgencySession>('probity.agency.session', (raw: unknown) => {
  const value = raw as Partial<AgencySession> | null;
  return typeof value?.token === 'string' && value.token !== ''
    ? { token: value.token, kind: typeof value.kind === 'string' ? value.kind : null }
    : undefined;
});

/** The kind a demo token names (`demo-court-1` → `court`); null for any other token. */
export function kindOfToken(token: string): string | null {
  const match = /^demo-([a-z][a-z-]*)-\d+$/.exec(token);
  return match?.[1] ?? null;
}

export const currentAgencySession = session.current;
export const keepAgencySession = session.keep;
/** Signing out, or the server refusing the token (`byServer`). */
export const forgetAgencySession = session.forget;
/** Whether the last session was ended by the server (401); read once. */
export const agencySessionEnded = session.endedByServer;
export const useAgencySession = session.use;
