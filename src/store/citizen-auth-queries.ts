// The CitizenAuthStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). The
// tables (migration 0004) are declared here rather than in the ledger's schema: they hold no
// ledger data, and only this file reads or writes them. Counting a wrong try and using a code are
// single conditional UPDATEs on an open code, so two concurrent sign-ins cannot both use one code
// and concurrent wrong tries are all counted.
import type { Kysely } from 'kysely';
import type {
  CitizenSessionRow,
  SignInCodeClosure,
  SignInCodeRow,
} from '../app/ports/citizen-auth-store.js';
import { instant, type Instant } from '../core/time/instant.js';
import type { LedgerDatabase } from './schema.js';

// Type aliases, not interfaces: Kysely's withTables wants types with implicit index signatures.
type CitizenSignInCodesTable = {
  subject_key: string;
  code_id: string;
  salt: string;
  code_hash: string;
  issued_at: number;
  expires_at: number;
  attempts: number;
  closed_at: number | null;
  closed_reason: string | null;
};

type CitizenSessionsTable = {
  token_hash: string;
  subject_key: string;
  issued_at: number;
  expires_at: number;
};

type CitizenAuthTables = {
  citizen_sign_in_codes: CitizenSignInCodesTable;
  citizen_sessions: CitizenSessionsTable;
};

type Db = Kysely<LedgerDatabase & CitizenAuthTables>;

function tables(db: Kysely<LedgerDatabase>): Db {
  return db.withTables<CitizenAuthTables>();
}

function codeFromRow(row: CitizenSignInCodesTable): SignInCodeRow {
  return {
    subject: row.subject_key,
    codeId: row.code_id,
    salt: row.salt,
    codeHash: row.code_hash,
    issuedAt: instant(Number(row.issued_at)),
    expiresAt: instant(Number(row.expires_at)),
    attempts: Number(row.attempts),
    closedAt: row.closed_at === null ? undefined : instant(Number(row.closed_at)),
    closedReason: (row.closed_reason ?? undefined) as SignInCodeClosure | undefined,
  };
}

export async function insertSignInCode(
  ledgerDb: Kysely<LedgerDatabase>,
  code: SignInCodeRow,
): Promise<void> {
  await tables(ledgerDb)
    .transaction()
    .execute(async (tx) => {
      await tx
        .updateTable('citizen_sign_in_codes')
        .set({ closed_at: code.issuedAt, closed_reason: 'superseded' })
        .where('subject_key', '=', code.subject)
        .where('closed_at', 'is', null)
        .execute();
      await tx
        .insertInto('citizen_sign_in_codes')
        .values({
          subject_key: code.subject,
          code_id: code.codeId,
          salt: code.salt,
          code_hash: code.codeHash,
          issued_at: code.issuedAt,
          expires_at: code.expiresAt,
          attempts: code.attempts,
          closed_at: code.closedAt ?? null,
          closed_reason: code.closedReason ?? null,
        })
        .execute();
    });
}

export async function openSignInCode(
  ledgerDb: Kysely<LedgerDatabase>,
  subject: string,
): Promise<SignInCodeRow | undefined> {
  const row = await tables(ledgerDb)
    .selectFrom('citizen_sign_in_codes')
    .selectAll()
    .where('subject_key', '=', subject)
    .where('closed_at', 'is', null)
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && codeFromRow(row);
}

export async function countWrongTry(
  ledgerDb: Kysely<LedgerDatabase>,
  subject: string,
  codeId: string,
  lockAfter: number,
  at: Instant,
): Promise<number> {
  return tables(ledgerDb)
    .transaction()
    .execute(async (tx) => {
      const counted = await tx
        .updateTable('citizen_sign_in_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('subject_key', '=', subject)
        .where('code_id', '=', codeId)
        .where('closed_at', 'is', null)
        .returning('attempts')
        .executeTakeFirst();
      if (counted === undefined) return 0;
      const attempts = Number(counted.attempts);
      if (attempts >= lockAfter) {
        await tx
          .updateTable('citizen_sign_in_codes')
          .set({ closed_at: at, closed_reason: 'locked' })
          .where('subject_key', '=', subject)
          .where('code_id', '=', codeId)
          .where('closed_at', 'is', null)
          .execute();
      }
      return attempts;
    });
}

export async function useSignInCode(
  ledgerDb: Kysely<LedgerDatabase>,
  subject: string,
  codeId: string,
  at: Instant,
): Promise<boolean> {
  const result = await tables(ledgerDb)
    .updateTable('citizen_sign_in_codes')
    .set({ closed_at: at, closed_reason: 'used' })
    .where('subject_key', '=', subject)
    .where('code_id', '=', codeId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertCitizenSession(
  ledgerDb: Kysely<LedgerDatabase>,
  session: CitizenSessionRow,
): Promise<void> {
  await tables(ledgerDb)
    .insertInto('citizen_sessions')
    .values({
      token_hash: session.tokenHash,
      subject_key: session.subject,
      issued_at: session.issuedAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

export async function findCitizenSession(
  ledgerDb: Kysely<LedgerDatabase>,
  tokenHash: string,
): Promise<CitizenSessionRow | undefined> {
  const row = await tables(ledgerDb)
    .selectFrom('citizen_sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return (
    row && {
      tokenHash: row.token_hash,
      subject: row.subject_key,
      issuedAt: instant(Number(row.issued_at)),
      expiresAt: instant(Number(row.expires_at)),
    }
  );
}

export async function deleteCitizenSession(
  ledgerDb: Kysely<LedgerDatabase>,
  tokenHash: string,
  subject: string,
): Promise<boolean> {
  const result = await tables(ledgerDb)
    .deleteFrom('citizen_sessions')
    .where('token_hash', '=', tokenHash)
    .where('subject_key', '=', subject)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
