// When a token expires: `--expires` takes an instant (2027-01-01, 2027-01-01T00:00:00Z) or an
// ISO 8601 duration from now (P90D, PT12H). An expiry that is not after now is refused.
import { DomainError } from '../../core/errors/domain-error.js';
import { addDuration, tryParseDuration } from '../../core/time/duration.js';
import { formatInstant, parseInstant, type Instant } from '../../core/time/instant.js';

export function tokenExpiry(text: string | undefined, now: Instant): Instant | undefined {
  if (text === undefined) return undefined;
  const duration = tryParseDuration(text);
  const at = duration ? addDuration(now, duration) : parseInstant(text, '--expires');
  if (at <= now) {
    throw new DomainError(
      'InvalidInstant',
      `--expires ${formatInstant(at)} is not after now (${formatInstant(now)}): give a later instant or a duration such as P90D`,
    );
  }
  return at;
}
