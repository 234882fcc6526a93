// A signed-in citizen reads and sets their own preferences: the language their notices are
// written in (zh-CN, the default, or en). The session names the subject, so no input names one.
// Notices composed after a change are worded in the new language (`summary`); notices composed
// before keep the words they were issued with (both languages are in each notice's `summaries`).
// Each read and each change is audited (actor `subject:<id>`, purpose `subject-access`), refused
// or not; a bad language is refused (400 InvalidRequest) and changes nothing.
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant } from '../../core/time/instant.js';
import { citizenOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { audited, auditEntry } from '../audit/access-audit.js';
import {
  DEFAULT_NOTICE_LANGUAGE,
  NOTICE_LANGUAGES,
  type NoticeLanguage,
} from '../notices/notice-language.js';
import type { CitizenPreferenceStore } from '../ports/citizen-preference-store.js';
import { SUBJECT_ACCESS } from './citizen-sign-in.js';

type PreferenceDeps = Pick<AppDeps, 'audit' | 'clock'> & {
  readonly store: Pick<CitizenPreferenceStore, 'citizenPreferences' | 'setCitizenLanguage'>;
};

export interface OwnPreferences {
  /** The language notices are written in. */
  readonly language: NoticeLanguage;
  /** When the citizen last chose (ISO instant); null while the default applies. */
  readonly updatedAt: string | null;
}

export interface PreferencesRequest {
  readonly language: unknown;
}

/** A notice language, matched as BCP 47 tags are (case-insensitively); else 400 InvalidRequest. */
export function noticeLanguageOf(value: unknown): NoticeLanguage {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const language = NOTICE_LANGUAGES.find((l) => l.toLowerCase() === text);
  if (language === undefined) {
    throw new DomainError(
      'InvalidRequest',
      `language ${JSON.stringify(value) ?? 'undefined'} is not one of ${NOTICE_LANGUAGES.join(', ')}`,
      [
        {
          path: '/language',
          code: 'InvalidRequest',
          message: `one of ${NOTICE_LANGUAGES.join(', ')}`,
        },
      ],
    );
  }
  return language;
}

/** My preferences (the defaults while I have not chosen). */
export async function readOwnPreferences(
  deps: PreferenceDeps,
  caller: Caller,
): Promise<OwnPreferences> {
  const subject = citizenOf(caller);
  const access = {
    current: { caller, purpose: SUBJECT_ACCESS, action: 'read-own-preferences', subject },
  };
  return audited(
    deps,
    access,
    async () => {
      const stored = await deps.store.citizenPreferences(subject);
      return {
        language: stored?.language ?? DEFAULT_NOTICE_LANGUAGE,
        updatedAt: stored === undefined ? null : formatInstant(stored.updatedAt),
      };
    },
    (_result, at) => [auditEntry(access.current, at, 'read')],
  );
}

/** Sets the language my notices are written in from now on. */
export async function setOwnPreferences(
  deps: PreferenceDeps,
  caller: Caller,
  request: PreferencesRequest,
): Promise<OwnPreferences> {
  const subject = citizenOf(caller);
  const access = {
    current: { caller, purpose: SUBJECT_ACCESS, action: 'set-own-preferences', subject },
  };
  return audited(
    deps,
    access,
    async () => {
      const language = noticeLanguageOf(request.language);
      const at = deps.clock();
      await deps.store.setCitizenLanguage(subject, language, at);
      return { language, updatedAt: formatInstant(at) };
    },
    (result, at) => [auditEntry(access.current, at, `set language ${result.language}`)],
  );
}
