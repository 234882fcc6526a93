// Who holds this bearer token? Tokens are compared by their SHA-256 digest (the store never holds
// them in clear), and only the token in force of an agency finds it (`agency_tokens`: a rotated-
// out token finds no one). An expired or revoked token finds no one either. A token found is
// remembered for a few seconds (RECHECK_MS), then looked up again, so a server sees a rotation or
// a revocation made by another process (the CLI on the same store) within that time; its expiry
// is checked on every request against the application's clock.
import type { Agency } from '../../core/ledger/ledger-types.js';
import type { Instant } from '../../core/time/instant.js';
import type { AgencyDirectory, AgencyTokenState } from '../ports/ledger-store.js';
import { tokenStatus } from './agency-registry.js';
import { hashAgencyToken } from './agency-token.js';

/** How long a token found is trusted before the store is asked again (milliseconds). */
export const RECHECK_MS = 2_000;

interface Known {
  readonly agency: Agency;
  readonly token: AgencyTokenState;
  readonly checkedAt: number;
}

export class AgencyTokens {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly directory: AgencyDirectory,
    private readonly clock: () => Instant,
    /** A monotonic clock in milliseconds for the cache's age (not the recording clock). */
    private readonly elapsed: () => number = () => performance.now(),
  ) {}

  async agencyOf(token: string): Promise<Agency | undefined> {
    const hash = hashAgencyToken(token);
    let entry = this.known.get(hash);
    if (!entry || this.elapsed() - entry.checkedAt >= RECHECK_MS) {
      this.known.delete(hash);
      const found = await this.directory.findAgencyByTokenHash(hash);
      if (!found) return undefined;
      entry = {
        agency: { id: found.id, kind: found.kind, name: found.name, createdAt: found.createdAt },
        token: found.token,
        checkedAt: this.elapsed(),
      };
      this.known.set(hash, entry);
    }
    return tokenStatus(entry.token, this.clock()) === 'active' ? entry.agency : undefined;
  }

  /** Forgets every token found (this process rotated or revoked one). */
  forget(): void {
    this.known.clear();
  }
}
