// The deployment's notice channel (the `NoticeChannel` port): each notice POSTed as JSON to the
// city's messaging service, signed with HMAC-SHA256 over the exact body bytes with a shared
// secret (`X-Probity-Signature: sha256=<hex>`), and carrying its id (`X-Probity-Notice-Id`) so
// that the receiver can drop the rare repeat (see app/notices/notice-delivery.ts), and the language
// of its `summary` (`Content-Language`: zh-CN or en) for a gateway that sends the text on. Only a 2xx is
// an acknowledgement; anything else, a timeout or a network error is a failed attempt that the
// deliverer retries.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type {
  DeliveryOutcome,
  NoticeChannel,
  OutgoingNotice,
} from '../app/ports/notice-channel.js';

export const SIGNATURE_HEADER = 'x-probity-signature';
export const NOTICE_ID_HEADER = 'x-probity-notice-id';

export interface WebhookOptions {
  readonly url: string;
  readonly secret: string;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
}

/** `sha256=<hex HMAC-SHA256 of body>`. */
export function signNoticeBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Whether `signature` is this body's signature with this secret (constant time). */
export function verifyNoticeSignature(body: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signNoticeBody(body, secret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `Content-Language` of the notice's summary (absent for a notice composed before notices had one). */
function languageHeader(notice: OutgoingNotice): Record<string, string> {
  const language: unknown = (notice.payload as { readonly language?: unknown }).language;
  return typeof language === 'string' ? { 'content-language': language } : {};
}

export function webhookNoticeChannel(options: WebhookOptions): NoticeChannel {
  if (options.secret.length === 0) throw new Error('a notice webhook needs a shared secret');
  const origin = new URL(options.url).origin;
  return {
    name: `webhook ${origin}`,
    async deliver(notice: OutgoingNotice): Promise<DeliveryOutcome> {
      const body = JSON.stringify(notice);
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signNoticeBody(body, options.secret),
            [NOTICE_ID_HEADER]: String(notice.id),
            ...languageHeader(notice),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        // Read the answer so the connection can be reused; its text explains a refusal.
        const text = await response.text().catch(() => '');
        if (response.status >= 200 && response.status < 300) return { ok: true };
        return {
          ok: false,
          error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
        };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
