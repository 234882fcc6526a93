// The authority's session in the browser (docs/web.md, authority dashboard): the agency token of
// an agency of kind `authority` (the demo prints it: `demo-authority-1`), kept for the tab
// (app/tab-session.ts: never in localStorage) and sent as `Authorization: Bearer <token>` on the
// authority's doors only. Signing out forgets it; an answer 401 forgets it too.
import { tabSession } from '../app/tab-session.js';

const session = tabSession<string>('probity.authority.token', (raw: unknown) =>
  typeof raw === 'string' && raw !== '' ? raw : undefined,
);

export const currentToken = session.current;
export const keepToken = session.keep;
export const forgetToken = (): void => session.forget();
export const useToken = session.use;
