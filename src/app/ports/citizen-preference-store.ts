// The storage of citizens' preferences: the language each subject reads notices in. `src/store`
// keeps it on both dialects beside the ledger (migration 0011); it is neither a ledger event nor
// derived data. The notice composer reads it in the transaction that writes the notices
// (`NoticeOutboxWriter.citizenLanguages`) and in the notice sync.
import type { Instant } from '../../core/time/instant.js';
import type { NoticeLanguage } from '../notices/notice-language.js';

export interface CitizenPreferences {
  readonly subject: string;
  readonly language: NoticeLanguage;
  /** When the citizen last changed them. */
  readonly updatedAt: Instant;
}

/**
 * @example
 * await store.setCitizenLanguage('110101199003070011', 'en', now);
 * (await store.citizenLanguages(['110101199003070011'])).get('110101199003070011'); // 'en'
 */
export interface CitizenPreferenceStore {
  /** The subject's preferences; undefined when they never chose (the defaults apply). */
  citizenPreferences(subject: string): Promise<CitizenPreferences | undefined>;
  /** Sets (or replaces) the subject's language. */
  setCitizenLanguage(subject: string, language: NoticeLanguage, at: Instant): Promise<void>;
  /** The language of those of `subjects` that chose one. */
  citizenLanguages(subjects: readonly string[]): Promise<Map<string, NoticeLanguage>>;
}
