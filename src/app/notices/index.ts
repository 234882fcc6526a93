// The notice outbox's public surface: deriving notices (the service's sync), delivering them
// through a channel (the server; the channels themselves are adapters in src/io), and a
// subject's own notices (the citizen API).
export type * from './notice-payload.js';
export { APPEAL_DOOR, APPEAL_WINDOW, NOTICE_KINDS, OBJECTION_DOOR } from './notice-payload.js';
export { syncNotices } from './notice-sync.js';
export type {
  DeliveryLoopOptions,
  DeliveryOptions,
  DeliveryOutcome,
  DeliveryReport,
  NoticeChannel,
  NoticeDeliveryLoop,
  OutgoingNotice,
} from './notice-delivery.js';
export {
  deliverNotices,
  repeatNoticeDelivery,
  retryDelay,
  startNoticeDelivery,
} from './notice-delivery.js';
export type { NoticesOfOptions, SubjectNotice } from './notices-of.js';
export { MAX_NOTICES_PAGE, noticesOf } from './notices-of.js';
