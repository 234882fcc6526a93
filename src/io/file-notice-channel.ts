// The demo's notice channels (the `NoticeChannel` port): one JSON line per notice appended to a
// file (`notices.jsonl` beside a SQLite ledger by default in the server), or handed to a logger.
// Appending is the acknowledgement, so a notice counts as delivered once its line is written.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type {
  DeliveryOutcome,
  NoticeChannel,
  OutgoingNotice,
} from '../app/ports/notice-channel.js';

export function fileNoticeChannel(path: string): NoticeChannel {
  let ready: Promise<unknown> | undefined;
  return {
    name: `file ${path}`,
    async deliver(notice: OutgoingNotice): Promise<DeliveryOutcome> {
      try {
        ready ??= mkdir(dirname(path), { recursive: true });
        await ready;
        await appendFile(path, `${JSON.stringify(notice)}\n`, 'utf8');
        return { ok: true };
      } catch (error) {
        ready = undefined;
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

export function logNoticeChannel(log: (line: string) => void): NoticeChannel {
  return {
    name: 'log',
    deliver(notice: OutgoingNotice): Promise<DeliveryOutcome> {
      log(JSON.stringify(notice));
      return Promise.resolve({ ok: true });
    },
  };
}
