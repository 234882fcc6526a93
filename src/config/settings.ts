// Every setting of Probity, in one table: its environment variable and flag, its default, what it
// is for, and how its text is read. The CLI and the server resolve the settings they use from
// this table once, at start, and report every problem together (one error, one detail per bad
// setting), so an operator fixes a deployment in one go. The README's settings table is checked
// against this one by a test.
import { DomainError, type Problem } from '../core/errors/domain-error.js';
import { formatInstant, tryParseInstant, type Instant } from '../core/time/instant.js';
import { parseTimeOfDay } from '../core/time/time-of-day.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type NoticeChannelSetting =
  | { readonly kind: 'file' }
  | { readonly kind: 'webhook'; readonly url: string; readonly secret: string };

/** One row of the table: where a setting comes from and what it means. */
export interface SettingSpec {
  readonly name: string;
  readonly env?: string;
  readonly flag?: string;
  readonly default: string;
  readonly description: string;
}

export const SETTINGS = {
  database: {
    name: 'database',
    env: 'PROBITY_DATABASE_URL',
    flag: '--db',
    default: './data/probity.db',
    description: 'the ledger: a SQLite file path, or a `postgres://` URL',
  },
  now: {
    name: 'now',
    env: 'PROBITY_NOW',
    flag: '--now',
    default: 'the system clock',
    description:
      'fixes the clock (an ISO 8601 instant or a date) of a simulation store (tests, replays, demos); a live store refuses it for writes',
  },
  keyFile: {
    name: 'keyFile',
    env: 'PROBITY_KEY_FILE',
    flag: '--key-file',
    default: '`authority-key.pem` beside a SQLite ledger (`./data/` on PostgreSQL)',
    description:
      "the authority's publication signing key (Ed25519, PKCS#8 PEM, mode 0600), made by `init`; never in the database",
  },
  host: {
    name: 'host',
    env: 'PROBITY_HOST',
    flag: '--host',
    default: '127.0.0.1',
    description: 'the address the server listens on',
  },
  port: {
    name: 'port',
    env: 'PROBITY_PORT',
    flag: '--port',
    default: '8080',
    description: 'the port the server listens on (0: any free port)',
  },
  logLevel: {
    name: 'logLevel',
    env: 'PROBITY_LOG_LEVEL',
    default: 'info',
    description: `the server log's level: ${LOG_LEVELS.join(', ')}; \`info\` logs one line per request (identifiers masked, never a token)`,
  },
  logDestination: {
    name: 'logDestination',
    env: 'PROBITY_LOG_DESTINATION',
    default: 'stderr',
    description:
      'where the server log goes (JSON lines): `stderr`, `stdout`, or a file path (appended to)',
  },
  publishAt: {
    name: 'publishAt',
    env: 'PROBITY_PUBLISH_AT',
    default: '02:00',
    description: 'when the server publishes the public lists each day (`HH:MM` UTC, or `off`)',
  },
  publicationsDir: {
    name: 'publicationsDir',
    env: 'PROBITY_PUBLICATIONS_DIR',
    flag: '--out',
    default: './data/publications/',
    description: 'where publications are written (JSON, CSV, manifests, signatures)',
  },
  noticeWebhookUrl: {
    name: 'noticeWebhookUrl',
    env: 'PROBITY_NOTICE_WEBHOOK_URL',
    default: 'none: notices go to `notices.jsonl` beside a SQLite ledger (`./data/` on PostgreSQL)',
    description:
      'an http(s) URL that receives each notice, signed (HMAC-SHA256), instead of the file',
  },
  noticeWebhookSecret: {
    name: 'noticeWebhookSecret',
    env: 'PROBITY_NOTICE_WEBHOOK_SECRET',
    default: 'none (required with the webhook URL, at least 16 characters)',
    description: 'the key notices are signed with for the webhook',
  },
  portalUrl: {
    name: 'portalUrl',
    env: 'PROBITY_PORTAL_URL',
    default: '`http://127.0.0.1:8080/citizen`',
    description:
      "the citizen portal's public address (http or https) that every notice names; the default is the demo server's; set it in every deployment",
  },
  rateLimit: {
    name: 'rateLimit',
    env: 'PROBITY_RATE_LIMIT',
    default: '100000',
    description: 'requests per agency (or per address without a token) per minute',
  },
  headersTimeout: {
    name: 'headersTimeout',
    env: 'PROBITY_HEADERS_TIMEOUT_S',
    default: '10',
    description:
      "seconds a client has to send a request's headers (else 408 and the connection closed)",
  },
  requestTimeout: {
    name: 'requestTimeout',
    env: 'PROBITY_REQUEST_TIMEOUT_S',
    default: '120',
    description:
      'seconds a client has to send a whole request, headers and body (else 408 and the connection closed); at least the headers timeout',
  },
  keepAliveTimeout: {
    name: 'keepAliveTimeout',
    env: 'PROBITY_KEEP_ALIVE_TIMEOUT_S',
    default: '5',
    description: 'seconds an idle keep-alive connection stays open after its last answer',
  },
  connectionTimeout: {
    name: 'connectionTimeout',
    env: 'PROBITY_CONNECTION_TIMEOUT_S',
    default: '300',
    description:
      'seconds a connection may stay silent (no byte either way, e.g. a client that stops reading an answer) before it is closed; 0: never',
  },
  snapshotFile: {
    name: 'snapshotFile',
    env: 'PROBITY_SNAPSHOT_FILE',
    default:
      '`<ledger file>.snapshot` beside a SQLite ledger (`./data/engine.snapshot` on PostgreSQL)',
    description:
      "the server's engine snapshot (derived data: it starts from it and folds only the ledger after it; a bad or stale one is ignored; safe to delete), also the one `probity rebuild` checks and rewrites; `off`: none",
  },
  snapshotEveryEvents: {
    name: 'snapshotEveryEvents',
    env: 'PROBITY_SNAPSHOT_EVERY_EVENTS',
    default: '500000',
    description:
      'the server writes a new snapshot once the ledger has moved this many sequence numbers past the last one (and after its first load, and on a clean shutdown)',
  },
  snapshotEveryMinutes: {
    name: 'snapshotEveryMinutes',
    env: 'PROBITY_SNAPSHOT_EVERY_MINUTES',
    default: '10',
    description:
      '... or once this many minutes have passed since the last one, when the ledger moved',
  },
  bodyLimitMb: {
    name: 'bodyLimitMb',
    env: 'PROBITY_BODY_LIMIT_MB',
    default: '64',
    description: 'the largest request body, in MiB (a 100 000-subject batch is about 2.5 MiB)',
  },
} as const satisfies Record<string, SettingSpec>;

export type Environment = Readonly<Record<string, string | undefined>>;

/** Collects the problems of several settings, then throws them together. */
export class SettingsReader {
  private readonly problems: Problem[] = [];

  constructor(
    private readonly env: Environment,
    private readonly flags: Readonly<Record<string, string | undefined>> = {},
  ) {}

  /** The flag's value, else the environment's (an empty variable counts as unset), else undefined. */
  raw(spec: SettingSpec): { text: string; source: string } | undefined {
    const flagKey = spec.flag?.replace(/^--/, '');
    const fromFlag = flagKey === undefined ? undefined : this.flags[flagKey];
    if (fromFlag !== undefined) return { text: fromFlag, source: spec.flag ?? spec.name };
    const fromEnv = spec.env === undefined ? undefined : this.env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') return { text: fromEnv, source: spec.env ?? '' };
    return undefined;
  }

  /** Reads a setting with `parse`; a failure is noted (its code and message) and `fallback` used. */
  read<T>(spec: SettingSpec, parse: (text: string, source: string) => T, fallback: T): T {
    const raw = this.raw(spec);
    if (raw === undefined) return fallback;
    try {
      return parse(raw.text, raw.source);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.problems.push({ path: raw.source, code: error.code, message: error.message });
      return fallback;
    }
  }

  problem(path: string, code: string, message: string): void {
    this.problems.push({ path, code, message });
  }

  /**
   * Throws every problem at once: with the problem's own code when there is one (so a bad
   * `--now` stays `InvalidNow`), else `ConfigInvalid`, with one detail per problem.
   */
  done(): void {
    const [first, ...rest] = this.problems;
    if (first === undefined) return;
    if (rest.length === 0)
      throw new DomainError(first.code as 'InvalidNow', first.message, this.problems);
    throw new DomainError(
      'ConfigInvalid',
      `${this.problems.length} settings are invalid: ${this.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      this.problems,
    );
  }
}

export function parseNow(text: string, source: string, systemNow: () => Instant): Instant {
  const parsed = tryParseInstant(text);
  if (parsed === undefined)
    throw new DomainError(
      'InvalidNow',
      `${source} "${text}" is not a date or an ISO 8601 instant (e.g. ${formatInstant(systemNow()).slice(0, 19)}Z)`,
    );
  return parsed;
}

export function parseWholeNumber(min: number, max: number) {
  return (text: string, source: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new DomainError(
        'ConfigInvalid',
        `${source} "${text}" is not a whole number from ${min} to ${max}`,
      );
    return n;
  };
}

export function parseLogLevel(text: string, source: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === text.trim().toLowerCase());
  if (!level)
    throw new DomainError(
      'ConfigInvalid',
      `${source} "${text}" is not one of ${LOG_LEVELS.join(', ')}`,
    );
  return level;
}

export function parsePublishAt(text: string): string {
  parseTimeOfDay(text);
  return text.trim();
}

export function parseHttpUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DomainError('ConfigInvalid', `${source} "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DomainError('ConfigInvalid', `${source} "${text}" is not an http(s) URL`);
  return url.toString();
}
