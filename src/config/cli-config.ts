// The settings every CLI command shares, resolved once from flags and the environment (the
// table is in settings.ts): where the ledger is (--db, $PROBITY_DATABASE_URL, ./data/probity.db)
// and what time it is (--now, $PROBITY_NOW, else the system clock). A fixed clock makes tests,
// replays and demos repeatable (on a simulation store: a live store refuses it for writes). And
// where the authority's signing key is (--key-file, $PROBITY_KEY_FILE, else beside the ledger).
import { basename, dirname, join } from 'node:path';
import { DomainError } from '../core/errors/domain-error.js';
import type { Instant } from '../core/time/instant.js';
import { parseHttpUrl, parseNow, SETTINGS, SettingsReader, type Environment } from './settings.js';

export const DEFAULT_DATABASE = SETTINGS.database.default;

export interface CliSettings {
  readonly database: string;
  /** The authority's signing key file. */
  readonly keyFile: string;
  readonly now: Instant;
  /** Whether the clock was fixed (--now or $PROBITY_NOW) rather than the system's. */
  readonly fixedClock: boolean;
  readonly json: boolean;
  /** The citizen portal's address notices name ($PROBITY_PORTAL_URL); undefined: the default. */
  readonly portalUrl: string | undefined;
  /** The server's engine snapshot ($PROBITY_SNAPSHOT_FILE), for `rebuild`; undefined: off. */
  readonly snapshotFile: string | undefined;
}

export interface CliFlags {
  readonly db?: string | undefined;
  readonly keyFile?: string | undefined;
  readonly now?: string | undefined;
  readonly json?: boolean | undefined;
}

/** Reads the shared settings into `reader` (which reports problems together). */
export function readCliSettings(
  reader: SettingsReader,
  flags: CliFlags,
  systemNow: () => Instant,
): CliSettings {
  const database = reader.read(SETTINGS.database, (text) => text, DEFAULT_DATABASE);
  const keyFile = reader.read(SETTINGS.keyFile, (text) => text, keyFileFor(database));
  const fixed = reader.raw(SETTINGS.now) !== undefined;
  const now = reader.read(
    SETTINGS.now,
    (text, source) => parseNow(text, source, systemNow),
    systemNow(),
  );
  // Notices are composed by whoever appends (a CLI import as well as the server): both read it.
  const portalUrl = reader.read(SETTINGS.portalUrl, parsePortalUrl, undefined);
  // `rebuild` compares and rewrites the server's snapshot: the one the server would use.
  const snapshotText = reader.read(SETTINGS.snapshotFile, (text) => text.trim(), undefined);
  const snapshotFile = snapshotFileSetting(snapshotText, database);
  return {
    database,
    keyFile,
    now,
    fixedClock: fixed,
    json: flags.json ?? false,
    portalUrl,
    snapshotFile,
  };
}

/** An http(s) URL without credentials, query or fragment: the address a notice prints. */
export function parsePortalUrl(text: string, source: string): string {
  const url = parseHttpUrl(text.trim(), source);
  const parsed = new URL(url);
  if (
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.search !== '' ||
    parsed.hash !== ''
  )
    throw new DomainError(
      'ConfigInvalid',
      `${source} "${text}" must be a plain address, without credentials, query or fragment`,
    );
  return url.replace(/\/$/, '');
}

/** The default key file: beside a SQLite ledger, under ./data on PostgreSQL. */
export function keyFileFor(database: string): string {
  return join(
    /^postgres(ql)?:\/\//i.test(database) ? 'data' : dirname(database),
    'authority-key.pem',
  );
}

/** The engine snapshot's file: beside a SQLite ledger (`<file>.snapshot`), or ./data on PostgreSQL. */
export function snapshotFileFor(database: string): string {
  return /^postgres(ql)?:\/\//i.test(database)
    ? join('data', 'engine.snapshot')
    : join(dirname(database), `${basename(database)}.snapshot`);
}

/** The snapshot file a PROBITY_SNAPSHOT_FILE text means: `off` none, empty the default place. */
export function snapshotFileSetting(
  text: string | undefined,
  database: string,
): string | undefined {
  if (text === 'off') return undefined;
  return text === undefined || text === '' ? snapshotFileFor(database) : text;
}

export function resolveCliSettings(
  flags: CliFlags,
  env: Environment,
  systemNow: () => Instant,
): CliSettings {
  const reader = new SettingsReader(env, {
    db: flags.db,
    now: flags.now,
    'key-file': flags.keyFile,
  });
  const settings = readCliSettings(reader, flags, systemNow);
  reader.done();
  return settings;
}

/** Where publications are (`publish`, `verify`): --out, else $PROBITY_PUBLICATIONS_DIR, else ./data/publications/. */
export function resolvePublicationsDir(out: string | undefined, env: Environment): string {
  const reader = new SettingsReader(env, { out });
  const dir = reader.read(
    SETTINGS.publicationsDir,
    (text) => text,
    SETTINGS.publicationsDir.default,
  );
  reader.done();
  return dir;
}
