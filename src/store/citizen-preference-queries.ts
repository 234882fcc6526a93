// The CitizenPreferenceStore's SQL, shared by both dialects (KyselyLedgerStore and its
// transaction writer delegate here). The table (migration 0011) is declared here rather than in
// the ledger's schema: it holds no ledger data, and only this file reads or writes it. Setting a
// language is one upsert, so two concurrent changes leave the last one.
import type { Kysely } from 'kysely';
import type { CitizenPreferences } from '../app/ports/citizen-preference-store.js';
import {
  DEFAULT_NOTICE_LANGUAGE,
  isNoticeLanguage,
  type NoticeLanguage,
} from '../app/notices/notice-language.js';
import { instant, type Instant } from '../core/time/instant.js';
import type { LedgerDatabase } from './schema.js';

// A type alias, not an interface: Kysely's withTables wants types with implicit index signatures.
type CitizenPreferencesTable = {
  subject_key: string;
  language: string;
  updated_at: number;
};

type PreferenceTables = { citizen_preferences: CitizenPreferencesTable };

/** Subjects per query: far below both dialects' limits on bound parameters. */
const SUBJECTS_PER_QUERY = 1_000;

function tables(db: Kysely<LedgerDatabase>): Kysely<LedgerDatabase & PreferenceTables> {
  return db.withTables<PreferenceTables>();
}

/** A stored language this version does not know reads as the default (never a crash). */
function languageOf(text: string): NoticeLanguage {
  return isNoticeLanguage(text) ? text : DEFAULT_NOTICE_LANGUAGE;
}

export async function citizenPreferences(
  db: Kysely<LedgerDatabase>,
  subject: string,
): Promise<CitizenPreferences | undefined> {
  const row = await tables(db)
    .selectFrom('citizen_preferences')
    .selectAll()
    .where('subject_key', '=', subject)
    .executeTakeFirst();
  return (
    row && {
      subject: row.subject_key,
      language: languageOf(row.language),
      updatedAt: instant(Number(row.updated_at)),
    }
  );
}

export async function setCitizenLanguage(
  db: Kysely<LedgerDatabase>,
  subject: string,
  language: NoticeLanguage,
  at: Instant,
): Promise<void> {
  await tables(db)
    .insertInto('citizen_preferences')
    .values({ subject_key: subject, language, updated_at: at })
    .onConflict((oc) => oc.column('subject_key').doUpdateSet({ language, updated_at: at }))
    .execute();
}

export async function citizenLanguages(
  db: Kysely<LedgerDatabase>,
  subjects: readonly string[],
): Promise<Map<string, NoticeLanguage>> {
  const out = new Map<string, NoticeLanguage>();
  const unique = [...new Set(subjects)];
  for (let i = 0; i < unique.length; i += SUBJECTS_PER_QUERY) {
    const rows = await tables(db)
      .selectFrom('citizen_preferences')
      .select(['subject_key', 'language'])
      .where('subject_key', 'in', unique.slice(i, i + SUBJECTS_PER_QUERY))
      .execute();
    for (const row of rows) out.set(row.subject_key, languageOf(row.language));
  }
  return out;
}
