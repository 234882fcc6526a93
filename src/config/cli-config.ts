// The settings every CLI command shares, resolved once from flags and the environment (the
// table is in settings.ts): where the ledger is (--db, $PROBITY_DATABASE_URL, ./data/probity.db)
// and what time it is (--now, $PROBITY_NOW, else the system clock). A fixed clock makes tests,
// replays and demos repeatable (on a simulation store: a live store refuses it for writes). And
// where the authority's signing key is (--key-file, $PROBITY_KEY_FILE, else beside the ledger).
import { dirname, join } from 'node:path';
import type { Instant } from '../core/time/instant.js';
import { parseNow, SETTINGS, SettingsReader, type Environment } from './settings.js';

export const DEFAULT_DATABASE = SETTINGS.database.default;

export interface CliSettings {
  readonly database: string;
  /** The authority's signing key file. */
  readonly keyFile: string;
  readonly now: Instant;
  /** Whether the clock was fixed (--now or $PROBITY_NOW) rather than the system's. */
  readonly fixedClock: boolean;
  readonly json: boolean;
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
  return { database, keyFile, now, fixedClock: fixed, json: flags.json ?? false };
}

/** The default key file: beside a SQLite ledger, under ./data on PostgreSQL. */
export function keyFileFor(database: string): string {
  return join(
    /^postgres(ql)?:\/\//i.test(database) ? 'data' : dirname(database),
    'authority-key.pem',
  );
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
