// The PublicationStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). The key
// table holds one row (id 1): the first `init` to insert it wins and every later one reads it.
// Publications are appended once per (list, version); the primary key refuses a second writer.
import type { Kysely } from 'kysely';
import type {
  AuthorityKey,
  AuthorityPublicKey,
  PublicationSummary,
  PublishedFile,
  StoredPublication,
} from '../app/ports/publication-store.js';
import { DomainError } from '../core/errors/domain-error.js';
import { instant } from '../core/time/instant.js';
import type { AuthorityKeysTable, LedgerDatabase, PublicationsTable } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

type Db = Kysely<LedgerDatabase>;

const KEY_ROW = 1;

function keyFromRow(row: AuthorityKeysTable): AuthorityKey {
  return {
    keyId: row.key_id,
    algorithm: 'Ed25519',
    publicKeyPem: row.public_key,
    privateKeyPem: row.private_key,
    createdAt: instant(Number(row.created_at)),
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
    .selectFrom('authority_keys')
    .select(['key_id', 'public_key', 'created_at'])
    .where('id', '=', KEY_ROW)
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

export async function authorityKey(db: Db): Promise<AuthorityKey | undefined> {
  const row = await db
    .selectFrom('authority_keys')
    .selectAll()
    .where('id', '=', KEY_ROW)
    .executeTakeFirst();
  return row && keyFromRow(row);
}

export async function saveAuthorityKey(db: Db, key: AuthorityKey): Promise<AuthorityKey> {
  await db
    .insertInto('authority_keys')
    .values({
      id: KEY_ROW,
      key_id: key.keyId,
      algorithm: key.algorithm,
      public_key: key.publicKeyPem,
      private_key: key.privateKeyPem,
      created_at: key.createdAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const stored = await authorityKey(db);
  if (stored === undefined) throw new Error('the authority key was not stored');
  return stored;
}

export async function insertPublication(db: Db, p: StoredPublication): Promise<void> {
  try {
    await db
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
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new DomainError(
      'PublicationConflict',
      `version ${p.version} of list "${p.list}" is published already: another publisher was first`,
    );
  }
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
