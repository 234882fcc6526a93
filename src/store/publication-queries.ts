// The PublicationStore's SQL, shared by both dialects (KyselyLedgerStore delegates here). The
// authority's public keys are appended in order (`ordinal`), each once (its id is the primary
// key); no private key is ever stored (migration 0008 took out the one older stores kept).
// Publications are appended once per (list, version); the primary key refuses a second writer.
import { sql, type Kysely } from 'kysely';
import type {
  AuthorityKeyRecord,
  AuthorityPublicKey,
  PublicationSummary,
  PublishedFile,
  StoredPublication,
} from '../app/ports/publication-store.js';
import { DomainError } from '../core/errors/domain-error.js';
import { instant } from '../core/time/instant.js';
import type { AuthorityPublicKeysTable, LedgerDatabase, PublicationsTable } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

type Db = Kysely<LedgerDatabase>;

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
