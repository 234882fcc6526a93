// National identifiers: validation, construction (for generators and factories) and masking.
export {
  checkIdentifier,
  normalizeIdentifier,
  type IdentifierCheck,
  type IdentifierFailure,
  type IdentifierReason,
  type ResidentIdentityNumber,
  type SocialCreditCode,
} from './identifier-check.js';
export { maskIdentifier } from './identifier-mask.js';
export {
  invalidIdentifierMessage,
  requireIdentifier,
  type ValidIdentifier,
} from './identifier-require.js';
export { BEIJING_DISTRICTS, PROVINCES, provinceOf, type RegionCode } from './region-codes.js';
export {
  fromLegacyResidentIdentityNumber,
  residentIdentityNumber,
  type CalendarDate,
} from './resident-identity-number.js';
export {
  hasValidOrganizationCode,
  socialCreditCode,
  type SocialCreditCodeParts,
} from './social-credit-code.js';
