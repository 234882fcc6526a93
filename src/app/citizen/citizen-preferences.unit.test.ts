// The citizen's preferences use case below the doors: a language is matched as a BCP 47 tag
// (case-insensitively), anything else is refused with InvalidRequest naming the two languages and
// nothing is stored; only a citizen may read or set them, and each access is audited.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors/domain-error.js';
import { instant, type Instant } from '../../core/time/instant.js';
import { OPERATOR, type Caller } from '../access/caller.js';
import type { AuditEvent } from '../audit/audit-sink.js';
import type { NoticeLanguage } from '../notices/notice-language.js';
import { noticeLanguageOf, readOwnPreferences, setOwnPreferences } from './citizen-preferences.js';

const NOW = instant(Date.UTC(2026, 10, 30, 9));
const SUBJECT = '110101199003070011';
const citizen: Caller = { kind: 'citizen', subject: SUBJECT };

function deps() {
  const stored = new Map<string, { language: NoticeLanguage; updatedAt: Instant }>();
  const entries: AuditEvent[] = [];
  return {
    stored,
    entries,
    deps: {
      clock: () => NOW,
      audit: {
        record: (events: readonly AuditEvent[]) => {
          entries.push(...events);
          return Promise.resolve();
        },
      } as never,
      store: {
        citizenPreferences: (subject: string) => {
          const row = stored.get(subject);
          return Promise.resolve(row && { subject, ...row });
        },
        setCitizenLanguage: (subject: string, language: NoticeLanguage, at: Instant) => {
          stored.set(subject, { language, updatedAt: at });
          return Promise.resolve();
        },
      },
    },
  };
}

describe('citizen preferences', () => {
  it('matches a language case-insensitively and refuses any other with InvalidRequest', () => {
    expect(noticeLanguageOf('EN')).toBe('en');
    expect(noticeLanguageOf(' zh-cn ')).toBe('zh-CN');
    for (const bad of ['fr', 'zh', 'zh-TW', '', 7, null, undefined]) {
      const error = (() => {
        try {
          noticeLanguageOf(bad);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('InvalidRequest');
      expect((error as DomainError).message).toMatch(/is not one of zh-CN, en$/);
    }
  });

  it('stores nothing for a bad language and audits the refusal; reads the default until one is chosen', async () => {
    const { deps: d, stored, entries } = deps();
    await expect(setOwnPreferences(d, citizen, { language: 'fr' })).rejects.toMatchObject({
      code: 'InvalidRequest',
    });
    expect(stored.size).toBe(0);
    expect(await readOwnPreferences(d, citizen)).toEqual({ language: 'zh-CN', updatedAt: null });
    expect(await setOwnPreferences(d, citizen, { language: 'en' })).toEqual({
      language: 'en',
      updatedAt: '2026-11-30T09:00:00.000Z',
    });
    expect(entries.map((e) => [e.action, e.subject, e.outcome])).toEqual([
      ['set-own-preferences', SUBJECT, 'refused InvalidRequest'],
      ['read-own-preferences', SUBJECT, 'read'],
      ['set-own-preferences', SUBJECT, 'set language en'],
    ]);
  });

  it('refuses the operator (CitizenOnly)', async () => {
    const { deps: d, stored } = deps();
    await expect(setOwnPreferences(d, OPERATOR, { language: 'en' })).rejects.toMatchObject({
      code: 'CitizenOnly',
    });
    expect(stored.size).toBe(0);
  });
});
