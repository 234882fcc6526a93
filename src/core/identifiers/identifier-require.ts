// The one way to demand a valid identifier (charter C10: a subject is named only by a validated
// national identifier): the checked identifier, or `InvalidIdentifier` with the one message every
// door shows for it.
import { DomainError } from '../errors/domain-error.js';
import { quoted } from '../text/storable-text.js';
import type { Instant } from '../time/instant.js';
import {
  checkIdentifier,
  type IdentifierCheck,
  type IdentifierFailure,
} from './identifier-check.js';

export type ValidIdentifier = Exclude<IdentifierCheck, IdentifierFailure>;

/** `"<input>" is not a valid identifier (<reason>): <why>`, quoting at most an excerpt of the input. */
export function invalidIdentifierMessage(input: string, failure: IdentifierFailure): string {
  return `${quoted(input)} is not a valid identifier (${failure.reason}): ${failure.message}`;
}

export function requireIdentifier(input: string, today: Instant): ValidIdentifier {
  const id = checkIdentifier(input, today);
  if (!id.valid) throw new DomainError('InvalidIdentifier', invalidIdentifierMessage(input, id));
  return id;
}
