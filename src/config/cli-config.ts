// The settings every CLI command shares, resolved once from flags and the environment:
// where the ledger is (--db, $PROBITY_DATABASE_URL, ./data/probity.db) and what time it is
// (--now, $PROBITY_NOW, else the system clock). A fixed clock makes tests, replays and demos
// repeatable.
import { DomainError } from '../core/errors/domain-error.js';
import { formatInstant, tryParseInstant, type Instant } from '../core/time/instant.js';

export const DEFAULT_DATABASE = './data/probity.db';

export interface CliSettings {
  readonly database: string;
  readonly now: Instant;
  readonly json: boolean;
}

export interface CliFlags {
  readonly db?: string | undefined;
  readonly now?: string | undefined;
  readonly json?: boolean | undefined;
}

export function resolveCliSettings(
  flags: CliFlags,
  env: Readonly<Record<string, string | undefined>>,
  systemNow: () => Instant,
): CliSettings {
  const database = flags.db ?? (env.PROBITY_DATABASE_URL || undefined) ?? DEFAULT_DATABASE;
  const nowText = flags.now ?? (env.PROBITY_NOW || undefined);
  let now = systemNow();
  if (nowText !== undefined) {
    const parsed = tryParseInstant(nowText);
    if (parsed === undefined) {
      const source = flags.now !== undefined ? '--now' : 'PROBITY_NOW';
      throw new DomainError(
        'InvalidNow',
        `${source} "${nowText}" is not a date or an ISO 8601 instant (e.g. ${formatInstant(systemNow()).slice(0, 19)}Z)`,
      );
    }
    now = parsed;
  }
  return { database, now, json: flags.json ?? false };
}
