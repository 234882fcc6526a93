// The notice outbox's public surface: deriving notices (the service's sync), delivering them
// through a channel (the server), and a subject's own notices (the citizen API).
export type * from './notice-payload.js';
export { APPEAL_DOOR, APPEAL_WINDOW, NOTICE_KINDS, OBJECTION_DOOR } from './notice-payload.js';
export { syncNotices } from './notice-sync.js';
export type {
  DeliveryOptions,
  DeliveryOutcome,
  DeliveryReport,
  NoticeChannel,
  NoticeDeliveryLoop,
  OutgoingNotice,
} from './notice-delivery.js';
export { deliverNotices, retryDelay, startNoticeDelivery } from './notice-delivery.js';
export { fileNoticeChannel, logNoticeChannel } from './file-notice-channel.js';
export type { WebhookOptions } from './webhook-notice-channel.js';
export {
  NOTICE_ID_HEADER,
  SIGNATURE_HEADER,
  signNoticeBody,
  verifyNoticeSignature,
  webhookNoticeChannel,
} from './webhook-notice-channel.js';
export type { NoticesOfOptions, SubjectNotice } from './notices-of.js';
export { MAX_NOTICES_PAGE, noticesOf } from './notices-of.js';
