// The PublicationStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). The
// authority's public keys are appended in order (`ordinal`), each once (its id is the primary
// key); no private key is ever stored (migration 0008 took out the one older stores kept).
// Publications are appended once per (list, version); the primary key refuses a second writer.
import { sql, type Kysely } from 'kysely';
import type {
  AuthorityKeyRecord,
  AuthorityPublicKey,
  FoundEntry,
  PublicationSummary,
  PublishedEntrySearch,
  PublishedFile,
  SearchableEntry,
  StoredPublication,
} from '../app/ports/publication-store.js';
import { DomainError } from '../core/errors/domain-error.js';
import { instant } from '../core/time/instant.js';
import type {
  AuthorityPublicKeysTable,
  LedgerDatabase,
  PublicationsTable,
  StoreDialect,
} from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

type Db = Kysely<LedgerDatabase>;

// The public search's tables (migration 0013), declared here: only this file reads or writes them.
// Type aliases, not interfaces: Kysely's withTables wants types with implicit index signatures.
type PublishedEntriesTable = {
  list_id: string;
  ordinal: number;
  version: number;
  entry: string;
};

type PublishedEntryTermsTable = {
  term: string;
  list_id: string;
  ordinal: number;
};

type SearchTables = {
  published_entries: PublishedEntriesTable;
  published_entry_terms: PublishedEntryTermsTable;
};

/** Rows per INSERT statement (within both dialects' limits on bound parameters). */
const SEARCH_BATCH = 500;
/** Above every code point: a prefix's terms are those in [prefix, prefix + this). */
const AFTER_EVERY_CHARACTER = '\u{10FFFF}';

function keyFromRow(row: AuthorityPublicKeysTable): AuthorityKeyRecord {
  return {
    keyId: row.key_id,
    algorithm: 'Ed25519',
    publicKeyPem: row.public_key,
    createdAt: instant(Number(row.created_at)),
    previousKeyId: row.previous_key_id,
    endorsement: row.endorsement,
    selfSignature: row.self_signature,
  };
}

function summaryFromRow(
  row: Omit<PublicationsTable, 'manifest' | 'contents' | 'subjects'>,
): PublicationSummary {
  return {
    list: row.list_id,
    version: Number(row.version),
    at: instant(Number(row.at)),
    publishedAt: instant(Number(row.published_at)),
    entries: Number(row.entries),
    manifestSha256: row.manifest_sha256,
    files: JSON.parse(row.files) as PublishedFile[],
  };
}

function publicationFromRow(row: PublicationsTable): StoredPublication {
  return {
    ...summaryFromRow(row),
    manifest: row.manifest,
    contents: JSON.parse(row.contents) as Record<string, string>,
    subjects: JSON.parse(row.subjects) as string[],
  };
}

export async function authorityPublicKey(db: Db): Promise<AuthorityPublicKey | undefined> {
  const row = await db
    .selectFrom('authority_public_keys')
    .select(['key_id', 'public_key', 'created_at'])
    .orderBy('ordinal', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (
    row && {
      keyId: row.key_id,
      algorithm: 'Ed25519',
      publicKeyPem: row.public_key,
      createdAt: instant(Number(row.created_at)),
    }
  );
}

export async function authorityKeys(db: Db): Promise<AuthorityKeyRecord[]> {
  const rows = await db
    .selectFrom('authority_public_keys')
    .selectAll()
    .orderBy('ordinal')
    .orderBy('key_id')
    .execute();
  return rows.map(keyFromRow);
}

export async function recordAuthorityKey(db: Db, key: AuthorityKeyRecord): Promise<void> {
  await db
    .insertInto('authority_public_keys')
    .values({
      key_id: key.keyId,
      ordinal: sql<number>`(select coalesce(max(ordinal), 0) + 1 from authority_public_keys)`,
      algorithm: key.algorithm,
      public_key: key.publicKeyPem,
      created_at: key.createdAt,
      previous_key_id: key.previousKeyId,
      endorsement: key.endorsement,
      self_signature: key.selfSignature,
    })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
}

export async function insertPublication(
  db: Db,
  p: StoredPublication,
  searchable: readonly SearchableEntry[],
  dialect: StoreDialect,
): Promise<void> {
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('publications')
        .values({
          list_id: p.list,
          version: p.version,
          at: p.at,
          published_at: p.publishedAt,
          entries: p.entries,
          manifest_sha256: p.manifestSha256,
          manifest: p.manifest,
          files: JSON.stringify(p.files),
          contents: JSON.stringify(p.contents),
          subjects: JSON.stringify(p.subjects),
        })
        .execute();
      await replaceSearchable(tx, p.list, p.version, searchable);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(
      'PublicationConflict',
      `version ${p.version} of list "${p.list}" is published already: another publisher was first`,
    );
  }
  // PostgreSQL plans from statistics: without them, a search by a term prefix after a list's
  // rows were replaced wholesale may walk the list index instead of the terms (137 ms against
  // 0.07 ms at 100 000 entries, bench/README.md "public-search"). SQLite's planner needs none.
  if (dialect === 'postgres') await analyseSearch(db);
}

/** Fresh planner statistics for the search tables (PostgreSQL). */
export async function analyseSearch(db: Kysely<unknown> | Db): Promise<void> {
  await sql`analyze published_entry_terms, published_entries`.execute(db);
}

export async function latestPublication(
  db: Db,
  list: string,
): Promise<StoredPublication | undefined> {
  const row = await db
    .selectFrom('publications')
    .selectAll()
    .where('list_id', '=', list)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && publicationFromRow(row);
}

export async function publication(
  db: Db,
  list: string,
  version: number,
): Promise<StoredPublication | undefined> {
  const row = await db
    .selectFrom('publications')
    .selectAll()
    .where('list_id', '=', list)
    .where('version', '=', version)
    .executeTakeFirst();
  return row && publicationFromRow(row);
}

export async function publications(db: Db): Promise<PublicationSummary[]> {
  const rows = await db
    .selectFrom('publications')
    .select(['list_id', 'version', 'at', 'published_at', 'entries', 'manifest_sha256', 'files'])
    .orderBy('list_id')
    .orderBy('version')
    .execute();
  return rows.map(summaryFromRow);
}

/**
 * Makes `entries` (version `version` of `list`) the list's entries for the public search, in
 * place of whatever version's were there. Run inside the caller's transaction (publishing, or
 * migration 0013 filling the tables).
 */
export async function replaceSearchable(
  ledgerDb: Kysely<unknown> | Db,
  list: string,
  version: number,
  entries: readonly SearchableEntry[],
): Promise<void> {
  const db = (ledgerDb as Db).withTables<SearchTables>();
  await db.deleteFrom('published_entry_terms').where('list_id', '=', list).execute();
  await db.deleteFrom('published_entries').where('list_id', '=', list).execute();
  for (let i = 0; i < entries.length; i += SEARCH_BATCH) {
    const batch = entries.slice(i, i + SEARCH_BATCH);
    await db
      .insertInto('published_entries')
      .values(batch.map((e) => ({ list_id: list, ordinal: e.ordinal, version, entry: e.entry })))
      .execute();
  }
  const terms = entries.flatMap((e) =>
    e.terms.map((term) => ({ term, list_id: list, ordinal: e.ordinal })),
  );
  for (let i = 0; i < terms.length; i += SEARCH_BATCH) {
    await db
      .insertInto('published_entry_terms')
      .values(terms.slice(i, i + SEARCH_BATCH))
      .execute();
  }
}

export async function searchPublishedEntries(
  ledgerDb: Db,
  search: PublishedEntrySearch,
): Promise<FoundEntry[]> {
  const db = ledgerDb.withTables<SearchTables>();
  const { term, list, after, limit } = search;
  let ids = db.selectFrom('published_entry_terms').select(['list_id', 'ordinal']);
  ids =
    'exact' in term
      ? ids.where('term', '=', term.exact)
      : ids
          .where('term', '>=', term.prefix)
          .where('term', '<', `${term.prefix}${AFTER_EVERY_CHARACTER}`);
  if (list !== undefined) ids = ids.where('list_id', '=', list);
  if (after !== undefined)
    ids = ids.where((eb) =>
      eb.or([
        eb('list_id', '>', after.list),
        eb.and([eb('list_id', '=', after.list), eb('ordinal', '>', after.ordinal)]),
      ]),
    );
  const found = await ids
    .groupBy(['list_id', 'ordinal'])
    .orderBy('list_id')
    .orderBy('ordinal')
    .limit(limit)
    .execute();
  if (found.length === 0) return [];
  const rows = await db
    .selectFrom('published_entries')
    .selectAll()
    .where((eb) =>
      eb.or(
        found.map((f) =>
          eb.and([eb('list_id', '=', f.list_id), eb('ordinal', '=', Number(f.ordinal))]),
        ),
      ),
    )
    .execute();
  const byKey = new Map(rows.map((r) => [`${r.list_id}\u0000${Number(r.ordinal)}`, r]));
  return found.flatMap((f) => {
    const row = byKey.get(`${f.list_id}\u0000${Number(f.ordinal)}`);
    return row === undefined
      ? []
      : [
          {
            list: row.list_id,
            version: Number(row.version),
            ordinal: Number(row.ordinal),
            entry: row.entry,
          },
        ];
  });
}
