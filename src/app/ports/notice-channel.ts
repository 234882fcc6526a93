// Where the notice outbox sends its notices (charter C6): a file of JSON lines in the demo, a
// signed webhook to the city's messaging service in deployments. The adapters live in `src/io`;
// the deliverer (app/notices/notice-delivery.ts) only sees this port, and keeps the bookkeeping
// (claims, retries, acknowledgements) in the store.
import type { NoticeKind, NoticePayload } from '../notices/notice-payload.js';

/** The notice as a channel sends it (the JSON body of a webhook, a line of the file). */
export interface OutgoingNotice {
  readonly id: number;
  readonly subject: string;
  readonly kind: NoticeKind;
  readonly source: string;
  readonly createdAt: string;
  readonly payload: NoticePayload;
}

export type DeliveryOutcome =
  { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Where notices go. `deliver` resolves (never rejects for a failed delivery) with the outcome:
 * `ok` only once the channel has accepted the notice (a line written, a webhook's 2xx).
 * @example
 * const outcome = await channel.deliver(toOutgoing(notice));
 * if (!outcome.ok) console.log(`${channel.name}: ${outcome.error}`); // retried after a backoff
 */
export interface NoticeChannel {
  /** Names the channel in delivery errors (`file data/notices.jsonl`, `webhook https://...`). */
  readonly name: string;
  deliver(notice: OutgoingNotice): Promise<DeliveryOutcome>;
}
