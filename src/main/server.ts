// Composition root of the HTTP server: opens the store, loads the engine, opens the audit log,
// builds the Fastify app and listens. Shutdown (SIGTERM, SIGINT) is graceful: stop accepting,
// let in-flight requests finish, flush and close the audit log, stop following the ledger, close
// the store, in that order (an acknowledged request's audit entry is committed before its answer).
import type { FastifyBaseLogger } from 'fastify';
import { repeatNoticeDelivery, type NoticeDeliveryLoop } from '../app/notices/index.js';
import { startPublicationSchedule } from '../app/publications/publication-schedule.js';
import type { ServeRequest } from '../cli/cli-context.js';
import { OPERATOR } from '../app/access/caller.js';
import { instant } from '../core/time/instant.js';
import type { ServerSettings } from '../config/server-config.js';
import type { HttpLimits } from '../http/http-deps.js';
import { buildServer, type ServerOptions } from '../http/server.js';
import { fileNoticeChannel } from '../io/file-notice-channel.js';
import { webhookNoticeChannel } from '../io/webhook-notice-channel.js';
import { openCoordination, openStore } from '../store/index.js';
import {
  clockFixedOnLiveStore,
  fixedClockRefused,
  machineClockHeld,
} from '../app/ledger/live-store-clock.js';
import { adoptLegacyKey } from '../app/publications/authority-key.js';
import { keyFileSigner } from '../io/key-file-signer.js';
import { openServerApp } from './server-app.js';
import { snapshotFile } from '../io/snapshot-file.js';
import type { SnapshotEvent } from '../app/standing/engine-snapshots.js';

/** How often a server makes the audit log's and the notices' partitions ahead. */
const PARTITIONS_EVERY_MS = 6 * 3_600_000;

/** The server log's line for what happened to the engine snapshot (a refusal is a warning). */
function logSnapshotEvent(log: FastifyBaseLogger, event: SnapshotEvent): void {
  switch (event.kind) {
    case 'refused':
      log.warn(
        { snapshot: event.path, reason: event.reason },
        `engine snapshot ignored (${event.reason}): starting cold from the ledger`,
      );
      break;
    case 'loaded':
      log.info({ snapshot: event.path, seq: event.seq, ms: event.ms }, 'engine snapshot loaded');
      break;
    case 'written':
      log.info(
        { snapshot: event.path, seq: event.seq, bytes: event.bytes, ms: event.ms },
        'engine snapshot written',
      );
      break;
    case 'failed':
      log.error({ snapshot: event.path, err: event.error }, 'writing the engine snapshot failed');
      break;
  }
}

/** Fastify's logger (pino): the level and destination of the settings (stderr by default). */
export function loggerOf(settings: ServerSettings): ServerOptions['logger'] {
  const destination = settings.logDestination;
  if (destination === 'stdout') return { level: settings.logLevel, stream: process.stdout };
  if (destination === 'stderr') return { level: settings.logLevel, stream: process.stderr };
  return { level: settings.logLevel, file: destination };
}

/** The HTTP server's limits and timeouts, from the server's settings. */
export function httpLimitsOf(settings: ServerSettings): HttpLimits {
  return {
    bodyLimit: settings.bodyLimitBytes,
    rateLimitMax: settings.rateLimitPerMinute,
    rateLimitWindowMs: 60_000,
    headersTimeoutMs: settings.timeouts.headersMs,
    requestTimeoutMs: settings.timeouts.requestMs,
    keepAliveTimeoutMs: settings.timeouts.keepAliveMs,
    connectionTimeoutMs: settings.timeouts.connectionMs,
  };
}

export async function serve(request: ServeRequest): Promise<void> {
  const { settings } = request;
  const fixed = settings.fixedNow;
  const clock = fixed === undefined ? () => instant(Date.now()) : () => fixed;
  const signer = keyFileSigner(settings.keyFile);
  const opened = await openStore(settings.database, {
    adoptLegacyKey: (legacy) => adoptLegacyKey(signer, legacy, clock()),
  });
  // A live store's writes take the machine's clock: a server with a fixed one does not start.
  if (await fixedClockRefused(opened, fixed !== undefined)) {
    await opened.close();
    throw clockFixedOnLiveStore();
  }
  // On the machine's clock, a write a moment behind the ledger's latest time (another server's,
  // ordered first by the head lock) is held to it, even on a simulation such as the demo city.
  const store = fixed === undefined ? machineClockHeld(opened) : opened;
  const channel =
    settings.notices.kind === 'webhook'
      ? webhookNoticeChannel({ url: settings.notices.url, secret: settings.notices.secret })
      : fileNoticeChannel(settings.notices.path);
  // Several servers on one PostgreSQL ledger hear each other and share the scheduled work.
  const coordination = openCoordination(settings.database);
  const server = openServerApp(store, {
    clock,
    coordination,
    noticeChannel: channel,
    signer,
    portalUrl: settings.portalUrl,
    onPollError: (error) => app.log.error({ err: error }, 'following the ledger failed'),
    snapshot:
      settings.snapshot.file === undefined
        ? undefined
        : {
            file: snapshotFile(settings.snapshot.file),
            everyEvents: settings.snapshot.everyEvents,
            everyMs: settings.snapshot.everyMs,
            onEvent: (event) => logSnapshotEvent(app.log, event),
          },
  });
  const app = await buildServer(server.httpDeps, {
    logger: loggerOf(settings),
    limits: httpLimitsOf(settings),
  });
  // Each day's run is the operator's publish use case, on the server that leads it.
  const publication = startPublicationSchedule((run) => server.publishScheduled(run), {
    clock,
    dailyAt: settings.publishAt,
    outDir: settings.publicationsDir,
  });
  app.addHook('onClose', publication.stop);

  // This month's and the next month's partitions of the audit log and the notices (PostgreSQL;
  // made at every start too: docs/audit.md), made again every six hours so that a server running
  // across a month's end writes into the month's own partition, not DEFAULT.
  const partitions = setInterval(() => {
    store
      .prepareAuditPartitions(clock())
      .catch((error: unknown) =>
        app.log.error({ err: error }, 'making the audit partitions failed'),
      );
  }, PARTITIONS_EVERY_MS);
  partitions.unref();
  app.addHook('onClose', () => clearInterval(partitions));

  let notices: NoticeDeliveryLoop | undefined;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app.close(); // stops accepting; waits for in-flight requests
      await notices?.stop();
      await server.close();
      await coordination.close();
      await store.close();
    })());

  const stopped = new Promise<void>((resolve, reject) => {
    const onSignal = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      stop().then(resolve, reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });

  try {
    // Listen first (so /healthz answers and /readyz says 503 while loading), then load.
    await app.listen({ port: settings.port, host: settings.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : settings.port;
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    await server.load();
    // Each pass of the loop is the operator's delivery use case, through the channel above, on
    // the server that leads the delivery (the others' passes attempt nothing).
    notices = repeatNoticeDelivery(
      async () =>
        (await server.deliverNotices()) ?? { attempted: 0, delivered: 0, retrying: 0, failed: 0 },
    );
    request.onListening?.(`http://${host}:${port}`);
    if (request.publishIfNone && (await server.app.publicationIndex(OPERATOR)).lists.length === 0)
      void publication.runNow(); // reports its own failure; never overlaps a scheduled run
  } catch (error) {
    await stop();
    throw error;
  }
  await stopped;
}
