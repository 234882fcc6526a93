// The AuditLogStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). An append
// is one transaction and one INSERT whatever its size: on SQLite the rows travel as one JSON
// array expanded by `json_each`, on PostgreSQL as column arrays expanded by `unnest`, so the
// group-committed batches of the audit writer (and a 100 000-subject batch check) cost one round
// trip and one plan. The seq primary key refuses a second writer that chained from the same
// head; the append also refuses to leave a gap. Both are reported as `AuditConflict`, which
// tells the writer to read the head again and renumber.
import { sql, type Kysely } from 'kysely';
import type { AuditEntry } from '../app/ports/audit-log-store.js';
import { DomainError } from '../core/errors/domain-error.js';
import { instant } from '../core/time/instant.js';
import type { AuditLogTable, LedgerDatabase, StoreDialect } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

type Db = Kysely<LedgerDatabase>;

function entryFromRow(row: AuditLogTable): AuditEntry {
  return {
    seq: Number(row.seq),
    at: instant(Number(row.at)),
    actor: row.actor,
    purpose: row.purpose,
    action: row.action,
    subject: row.subject,
    outcome: row.outcome,
    hash: row.hash,
  };
}

export async function appendAudit(
  db: Db,
  dialect: StoreDialect,
  entries: readonly AuditEntry[],
): Promise<void> {
  const first = entries[0];
  if (first === undefined) return;
  entries.forEach((e, i) => {
    if (e.seq !== first.seq + i) {
      throw new DomainError(
        'AuditConflict',
        `audit entries must be consecutive: ${e.seq} at position ${i} after ${first.seq}`,
      );
    }
  });
  await db.transaction().execute(async (tx) => {
    try {
      if (dialect === 'sqlite') {
        const rows = JSON.stringify(
          entries.map((e) => [
            e.seq,
            e.at,
            e.actor,
            e.purpose,
            e.action,
            e.subject,
            e.outcome,
            e.hash,
          ]),
        );
        await sql`
          insert into audit_log (seq, at, actor, purpose, action, subject, outcome, hash)
          select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
          from json_each(${rows})`.execute(tx);
      } else {
        const column = <V>(value: (e: AuditEntry) => V): V[] => entries.map(value);
        await sql`
          insert into audit_log (seq, at, actor, purpose, action, subject, outcome, hash)
          select * from unnest(
            ${column((e) => e.seq)}::bigint[],
            ${column((e) => e.at)}::bigint[],
            ${column((e) => e.actor)}::text[],
            ${column((e) => e.purpose)}::text[],
            ${column((e) => e.action)}::text[],
            ${column((e) => e.subject)}::text[],
            ${column((e) => e.outcome)}::text[],
            ${column((e) => e.hash)}::text[])`.execute(tx);
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new DomainError(
        'AuditConflict',
        `audit entry ${first.seq} or a later one is already written`,
      );
    }
    if (first.seq > 1) {
      const previous = await tx
        .selectFrom('audit_log')
        .select('seq')
        .where('seq', '=', first.seq - 1)
        .executeTakeFirst();
      if (previous === undefined) {
        throw new DomainError(
          'AuditConflict',
          `audit entry ${first.seq} does not follow the last entry`,
        );
      }
    }
  });
}

export async function lastAudit(db: Db): Promise<AuditEntry | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && entryFromRow(row);
}

export async function readAudit(db: Db, afterSeq: number, limit: number): Promise<AuditEntry[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(entryFromRow);
}

export async function auditOfSubject(
  db: Db,
  subject: string,
  limit: number,
): Promise<AuditEntry[]> {
  if (limit <= 0) return [];
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject', '=', subject)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(entryFromRow);
}
