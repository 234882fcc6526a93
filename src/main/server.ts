// Composition root of the HTTP server: opens the store, loads the engine, opens the audit log,
// builds the Fastify app and listens. Shutdown (SIGTERM, SIGINT) is graceful: stop accepting,
// let in-flight requests finish, flush and close the audit log, stop following the ledger, close
// the store, in that order (an acknowledged request's audit entry is committed before its answer).
import { dirname, join } from 'node:path';
import { OPERATOR } from '../app/access/caller.js';
import { repeatNoticeDelivery, type NoticeDeliveryLoop } from '../app/notices/index.js';
import { startPublicationSchedule } from '../app/publications/publication-schedule.js';
import type { ServeRequest } from '../cli/cli-context.js';
import { instant } from '../core/time/instant.js';
import { buildServer } from '../http/server.js';
import { fileNoticeChannel } from '../io/file-notice-channel.js';
import { webhookNoticeChannel } from '../io/webhook-notice-channel.js';
import { openStore } from '../store/index.js';
import { openServerApp } from './server-app.js';

export async function serve(request: ServeRequest): Promise<void> {
  const fixed = request.fixedNow;
  const clock = fixed === undefined ? () => instant(Date.now()) : () => fixed;
  const store = await openStore(request.database);
  // Notices go to data/notices.jsonl beside a SQLite ledger, or to a signed webhook when one is set.
  const webhook = process.env.PROBITY_NOTICE_WEBHOOK_URL;
  const channel = webhook
    ? webhookNoticeChannel({
        url: webhook,
        secret: process.env.PROBITY_NOTICE_WEBHOOK_SECRET ?? '',
      })
    : fileNoticeChannel(
        join(
          /^postgres(ql)?:\/\//i.test(request.database) ? 'data' : dirname(request.database),
          'notices.jsonl',
        ),
      );
  const server = openServerApp(store, {
    clock,
    noticeChannel: channel,
    onPollError: (error) => app.log.error({ err: error }, 'following the ledger failed'),
  });
  const app = await buildServer(server.httpDeps, {
    logger: { level: process.env.PROBITY_LOG_LEVEL ?? 'warn' },
  });
  app.addHook(
    'onClose',
    // Each day's run is the operator's publish use case.
    startPublicationSchedule((run) => server.app.publish(OPERATOR, run), {
      clock,
      dailyAt: process.env.PROBITY_PUBLISH_AT,
      outDir: process.env.PROBITY_PUBLICATIONS_DIR,
    }).stop,
  );

  let notices: NoticeDeliveryLoop | undefined;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app.close(); // stops accepting; waits for in-flight requests
      await notices?.stop();
      await server.close();
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
    await app.listen({ port: request.port, host: request.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : request.port;
    const host = request.host.includes(':') ? `[${request.host}]` : request.host;
    await server.load();
    // Each pass of the loop is the operator's delivery use case, through the channel above.
    notices = repeatNoticeDelivery(() => server.app.deliverNotices(OPERATOR));
    request.onListening?.(`http://${host}:${port}`);
  } catch (error) {
    await stop();
    throw error;
  }
  await stopped;
}
