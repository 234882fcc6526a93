// The citizen portal's session in the browser (web/src/citizen/session.ts): kept in
// sessionStorage, never in localStorage; forgotten on sign-out and on the server's 401 (which the
// sign-in page then reports once); kept for the page alone where the browser refuses storage.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Session from '../../web/src/citizen/session.js';

interface Storage {
  readonly length: number;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const SESSION = { token: 'prc_abc', expiresAt: '2026-03-01T09:00:00.000Z', subject: 'X' };

function storage(): Storage & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    getItem: (k: string) => map.get(k) ?? null,
    removeItem: (k: string) => void map.delete(k),
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

/** The module loaded afresh with these browser storages (a getter that throws: refused). */
async function fresh(globals: {
  readonly sessionStorage?: Storage;
  readonly localStorage?: Storage;
  readonly refused?: true;
}): Promise<typeof Session> {
  vi.resetModules();
  if (globals.refused)
    Object.defineProperty(globalThis, 'sessionStorage', {
      configurable: true,
      get: () => {
        throw new Error('SecurityError');
      },
    });
  else vi.stubGlobal('sessionStorage', globals.sessionStorage);
  vi.stubGlobal('localStorage', globals.localStorage);
  return import('../../web/src/citizen/session.js');
}

afterEach(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(globalThis, 'sessionStorage');
});

describe('the citizen session in the browser', () => {
  it('is kept in sessionStorage and never in localStorage', async () => {
    const session = storage();
    const local = storage();
    const m = await fresh({ sessionStorage: session, localStorage: local });
    expect(m.currentSession()).toBeUndefined();
    m.keepSession(SESSION);
    expect(m.currentSession()).toEqual(SESSION);
    expect(session.map.size).toBe(1);
    expect(local.map.size).toBe(0);
  });

  it('is forgotten on sign-out, and a 401 is reported once to the sign-in page', async () => {
    const session = storage();
    const m = await fresh({ sessionStorage: session });
    m.keepSession(SESSION);
    m.forgetSession();
    expect(m.currentSession()).toBeUndefined();
    expect(session.map.size).toBe(0);
    expect(m.sessionEnded()).toBe(false);
    m.keepSession(SESSION);
    m.forgetSession(true);
    expect(m.currentSession()).toBeUndefined();
    expect(m.sessionEnded()).toBe(true);
    expect(m.sessionEnded()).toBe(false);
  });

  it('ignores what is not a session, and lasts for the page where storage is refused', async () => {
    const session = storage();
    session.setItem('probity.citizen.session', '{"token": 3}');
    const m = await fresh({ sessionStorage: session });
    expect(m.currentSession()).toBeUndefined();

    const refusing = await fresh({ refused: true });
    refusing.keepSession(SESSION);
    expect(refusing.currentSession()).toEqual(SESSION);
    refusing.forgetSession();
    expect(refusing.currentSession()).toBeUndefined();
  });
});
