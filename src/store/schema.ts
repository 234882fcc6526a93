// The ledger's tables as Kysely sees them, shared by both dialects. Instants are bigint epoch
// milliseconds and come back as JS numbers on both (PostgreSQL's int8 parser is set per pool).
// JSON columns hold text, so SQLite and PostgreSQL store and return the same bytes.
import type { Generated } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

export interface LedgerHeadTable {
  id: number;
  last_seq: number;
}

export interface CatalogVersionsTable {
  version: number;
  seq: number;
  digest: string;
  document: string;
  recorded_at: number;
}

export interface PolicyVersionsTable {
  seq: number;
  policy_id: string;
  version: number;
  effective_from: number;
  digest: string;
  document: string;
  recorded_at: number;
}

export interface AgenciesTable {
  id: string;
  kind: string;
  name: string;
  token_hash: string;
  seq: number;
  created_at: number;
}

export interface SubjectsTable {
  subject_key: string;
  kind: string;
  birth_date: number | null;
  name: string | null;
  first_seq: number;
  closed_at: number | null;
  closed_by: string | null;
}

export interface SubjectEventsTable {
  seq: number;
  subject_key: string;
  type: string;
  at: number;
  recorded_at: number;
  actor: string;
}

export interface RecordsTable {
  id: number;
  subject_key: string;
  subject_kind: string;
  agency_id: string;
  source_ref: string;
  category: string;
  occurred_at: number;
  recorded_at: number;
  /** JSON text of the record's fields. */
  fields: string;
  catalog_version: number;
}

export interface RecordEventsTable {
  seq: number;
  record_id: number;
  subject_key: string;
  type: string;
  at: number;
  recorded_at: number;
  actor: string;
  reason: string | null;
  /** JSON text of the corrected fields, `corrected` events only. */
  fields: string | null;
}

export interface ListFeedTable {
  seq: number;
  list_id: string;
  op: string;
  subject_key: string;
  /** JSON text of the entry as consumers receive it. */
  entry: string;
  at: number;
}

/** The current entry of each (list, subject): the feed's last add or modify, deleted on remove. */
export interface ListFeedStateTable {
  list_id: string;
  subject_key: string;
  seq: number;
  /** `add` or `modify`. */
  op: string;
  entry: string;
  at: number;
}

export interface FeedAcksTable {
  list_id: string;
  agency_id: string;
  acked_seq: number;
  acked_at: number | null;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor: string;
  purpose: string;
  action: string;
  subject: string;
  outcome: string;
  /** SHA-256 (hex) chaining this entry to the previous one. */
  hash: string;
}

// ---- Notices
/** The notice outbox: one row per notice, unique by source, with its delivery state. */
export interface NoticesTable {
  id: Generated<number>;
  subject_key: string;
  /** A NoticeKind. */
  kind: string;
  /** `record:<seq>`, `event:<seq>` or `feed:<seq>`. */
  source: string;
  created_at: number;
  /** JSON text of the NoticePayload. */
  payload: string;
  /** `pending`, `delivered` or `failed`. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

/** The last sequence number notices were derived from, per source (`ledger`, `feed`). */
export interface NoticeCursorsTable {
  source: string;
  last_seq: number;
}
// ---- end of notices

// ---- Publications
/** The authority's Ed25519 key pair: one row (id 1). */
export interface AuthorityKeysTable {
  id: number;
  /** SHA-256 (hex) of the raw public key. */
  key_id: string;
  algorithm: string;
  /** SPKI PEM. */
  public_key: string;
  /** PKCS#8 PEM. */
  private_key: string;
  created_at: number;
}

/** Every published version of every public list. */
export interface PublicationsTable {
  list_id: string;
  version: number;
  at: number;
  published_at: number;
  entries: number;
  manifest_sha256: string;
  /** The manifest file's text (canonical JSON with the signature). */
  manifest: string;
  /** JSON text of [{name, sha256, bytes}]. */
  files: string;
  /** JSON text of {name: file text}. */
  contents: string;
  /** JSON text of the entries' full identifiers, in entry order (never published). */
  subjects: string;
}
// ---- end of publications

export interface LedgerDatabase {
  ledger_head: LedgerHeadTable;
  catalog_versions: CatalogVersionsTable;
  policy_versions: PolicyVersionsTable;
  agencies: AgenciesTable;
  subjects: SubjectsTable;
  subject_events: SubjectEventsTable;
  records: RecordsTable;
  record_events: RecordEventsTable;
  audit_log: AuditLogTable;
  list_feed: ListFeedTable;
  list_feed_state: ListFeedStateTable;
  feed_acks: FeedAcksTable;
  notices: NoticesTable;
  notice_cursors: NoticeCursorsTable;
  authority_keys: AuthorityKeysTable;
  publications: PublicationsTable;
}
