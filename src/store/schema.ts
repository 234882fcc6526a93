// The ledger's tables as Kysely sees them, shared by both dialects. Instants are bigint epoch
// milliseconds and come back as JS numbers on both (PostgreSQL's int8 parser is set per pool).
// JSON columns hold text, so SQLite and PostgreSQL store and return the same bytes.
import type { Generated } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

export interface LedgerHeadTable {
  id: number;
  last_seq: number;
  /** The ledger chain's hash of row `last_seq` (64 zeros when empty), migration 0007. */
  last_hash: string;
}

export interface CatalogVersionsTable {
  version: number;
  seq: number;
  digest: string;
  document: string;
  recorded_at: number;
  /** The ledger chain hash of this row (app/ledger/ledger-chain.ts), migration 0007. */
  hash: string;
}

export interface PolicyVersionsTable {
  seq: number;
  policy_id: string;
  version: number;
  effective_from: number;
  digest: string;
  document: string;
  recorded_at: number;
  /** The ledger chain hash of this row (app/ledger/ledger-chain.ts), migration 0007. */
  hash: string;
}

export interface AgenciesTable {
  id: string;
  kind: string;
  name: string;
  token_hash: string;
  seq: number;
  created_at: number;
  /** The ledger chain hash of this row (app/ledger/ledger-chain.ts), migration 0007. */
  hash: string;
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
  /** The ledger chain hash of this row (app/ledger/ledger-chain.ts), migration 0007. */
  hash: string;
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
  /** The ledger chain hash of this row (app/ledger/ledger-chain.ts), migration 0007. */
  hash: string;
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
  /** The ledger chain hash of this row (app/ledger/ledger-chain.ts), migration 0007. */
  hash: string;
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
/**
 * The authority's Ed25519 PUBLIC keys, in the order recorded (migration 0008: the private half is
 * in the key file, never here). The chain of keys: app/publications/authority-key.ts.
 */
export interface AuthorityPublicKeysTable {
  /** SHA-256 (hex) of the raw public key. */
  key_id: string;
  /** 1, 2, 3...: the order the keys were recorded in. */
  ordinal: number;
  algorithm: string;
  /** SPKI PEM. */
  public_key: string;
  created_at: number;
  /** The key this one replaced (rotation); null for the first key. */
  previous_key_id: string | null;
  /** The previous key's signature of this key's statement (base64); null for the first key. */
  endorsement: string | null;
  /** This key's signature of its own statement (base64). */
  self_signature: string;
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

// ---- The store's clock (migration 0009)
/** One row (id 1): live or simulation, and the latest recording time of the ledger. */
/** The token each agency holds now, outside the ledger chain (migration 0010). */
export interface AgencyTokensTable {
  agency_id: string;
  /** SHA-256 of the token in force; the ledger's `agencies.token_hash` keeps the first one. */
  token_hash: string;
  issued_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface StoreClockTable {
  id: number;
  /** `live`, `simulation`, or null before `init` set it. */
  mode: string | null;
  /** The latest recording time of the ledger (ms since the epoch); 0 while it is empty. */
  recorded_through: number;
}
// ---- end of the store's clock

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
  authority_public_keys: AuthorityPublicKeysTable;
  store_clock: StoreClockTable;
  agency_tokens: AgencyTokensTable;
  publications: PublicationsTable;
}
