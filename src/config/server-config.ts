// The server's settings (`probity serve`, `probity demo`), resolved once at start from flags and
// the environment with every problem reported together, before anything is opened. The
// composition root (src/main/server.ts) reads nothing else.
import { dirname, join } from 'node:path';
import type { Instant } from '../core/time/instant.js';
import { readCliSettings, snapshotFileSetting, type CliFlags } from './cli-config.js';
import {
  parseHttpUrl,
  parseLogLevel,
  parsePublishAt,
  parseWholeNumber,
  SETTINGS,
  SettingsReader,
  type Environment,
  type LogLevel,
  type SettingSpec,
} from './settings.js';

export interface ServerSettings {
  readonly database: string;
  /** The authority's signing key file (the daily publication signs with it). */
  readonly keyFile: string;
  /** A fixed clock (--now / $PROBITY_NOW); undefined: the system clock. */
  readonly fixedNow: Instant | undefined;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Where the log goes: `stderr`, `stdout` or a file path. */
  readonly logDestination: string;
  /** The HTTP server's timeouts, in milliseconds (connection: 0 for none). */
  readonly timeouts: {
    readonly headersMs: number;
    readonly requestMs: number;
    readonly keepAliveMs: number;
    readonly connectionMs: number;
  };
  /** `HH:MM` (UTC) or `off`. */
  readonly publishAt: string;
  readonly publicationsDir: string;
  readonly notices:
    | { readonly kind: 'file'; readonly path: string }
    | { readonly kind: 'webhook'; readonly url: string; readonly secret: string };
  readonly rateLimitPerMinute: number;
  readonly bodyLimitBytes: number;
  /** The citizen portal's address notices name; undefined: the default (notice-language.ts). */
  readonly portalUrl: string | undefined;
  /** The engine snapshot: its file (undefined: off) and how often it is written. */
  readonly snapshot: {
    readonly file: string | undefined;
    readonly everyEvents: number;
    readonly everyMs: number;
  };
}

export interface ServerFlags extends CliFlags {
  readonly host?: string | undefined;
  readonly port?: string | undefined;
}

const MIN_SECRET = 16;

/** Where notices go without a webhook: beside a SQLite ledger, or under ./data on PostgreSQL. */
export function noticesFileFor(database: string): string {
  return join(/^postgres(ql)?:\/\//i.test(database) ? 'data' : dirname(database), 'notices.jsonl');
}

export function resolveServerSettings(
  flags: ServerFlags,
  env: Environment,
  systemNow: () => Instant,
): ServerSettings {
  // The server has no --out: its publications directory comes from the environment only.
  const reader = new SettingsReader(env, {
    db: flags.db,
    now: flags.now,
    'key-file': flags.keyFile,
    host: flags.host,
    port: flags.port,
  });
  const cli = readCliSettings(reader, flags, systemNow);
  const host = reader.read(SETTINGS.host, (text) => text.trim(), SETTINGS.host.default);
  const port = reader.read(
    SETTINGS.port,
    parseWholeNumber(0, 65_535),
    Number(SETTINGS.port.default),
  );
  const logLevel = reader.read(SETTINGS.logLevel, parseLogLevel, SETTINGS.logLevel.default);
  const logDestination = reader.read(
    SETTINGS.logDestination,
    (text) => text.trim(),
    SETTINGS.logDestination.default,
  );
  const seconds = (spec: SettingSpec, min: number, max: number) =>
    reader.read(spec, parseWholeNumber(min, max), Number(spec.default)) * 1000;
  const headersMs = seconds(SETTINGS.headersTimeout, 1, 3_600);
  const requestMs = seconds(SETTINGS.requestTimeout, 1, 86_400);
  const keepAliveMs = seconds(SETTINGS.keepAliveTimeout, 1, 3_600);
  const connectionMs = seconds(SETTINGS.connectionTimeout, 0, 86_400);
  if (requestMs < headersMs) {
    reader.problem(
      SETTINGS.requestTimeout.env,
      'ConfigInvalid',
      `${SETTINGS.requestTimeout.env} (${requestMs / 1000} s) is shorter than ${SETTINGS.headersTimeout.env} (${headersMs / 1000} s): a request's headers are part of it`,
    );
  }
  const publishAt = reader.read(SETTINGS.publishAt, parsePublishAt, SETTINGS.publishAt.default);
  const publicationsDir = reader.read(
    SETTINGS.publicationsDir,
    (text) => text,
    SETTINGS.publicationsDir.default,
  );
  const url = reader.read(SETTINGS.noticeWebhookUrl, parseHttpUrl, undefined);
  const secret = reader.raw(SETTINGS.noticeWebhookSecret)?.text;
  if (url !== undefined && (secret === undefined || secret.length < MIN_SECRET)) {
    reader.problem(
      SETTINGS.noticeWebhookSecret.env,
      'ConfigInvalid',
      `a notice webhook needs ${SETTINGS.noticeWebhookSecret.env} of at least ${MIN_SECRET} characters to sign with`,
    );
  }
  const rateLimitPerMinute = reader.read(
    SETTINGS.rateLimit,
    parseWholeNumber(1, 1_000_000_000),
    Number(SETTINGS.rateLimit.default),
  );
  const bodyLimitMb = reader.read(
    SETTINGS.bodyLimitMb,
    parseWholeNumber(1, 1024),
    Number(SETTINGS.bodyLimitMb.default),
  );
  const snapshotText = reader.read(SETTINGS.snapshotFile, (text) => text.trim(), undefined);
  const snapshotEvents = reader.read(
    SETTINGS.snapshotEveryEvents,
    parseWholeNumber(1, 1_000_000_000),
    Number(SETTINGS.snapshotEveryEvents.default),
  );
  const snapshotMinutes = reader.read(
    SETTINGS.snapshotEveryMinutes,
    parseWholeNumber(1, 10_080),
    Number(SETTINGS.snapshotEveryMinutes.default),
  );
  reader.done();
  return {
    snapshot: {
      file: snapshotFileSetting(snapshotText, cli.database),
      everyEvents: snapshotEvents,
      everyMs: snapshotMinutes * 60_000,
    },
    database: cli.database,
    keyFile: cli.keyFile,
    fixedNow: cli.fixedClock ? cli.now : undefined,
    host,
    port,
    logLevel,
    logDestination,
    timeouts: { headersMs, requestMs, keepAliveMs, connectionMs },
    publishAt,
    publicationsDir,
    notices:
      url === undefined
        ? { kind: 'file', path: noticesFileFor(cli.database) }
        : { kind: 'webhook', url, secret: secret ?? '' },
    rateLimitPerMinute,
    bodyLimitBytes: bodyLimitMb * 1024 * 1024,
    portalUrl: cli.portalUrl,
  };
}
