// Who holds this bearer token? Tokens are compared by their SHA-256 digest (the store never holds
// them in clear); an agency once found is remembered for the life of the process.
import type { Agency } from '../../core/ledger/ledger-types.js';
import type { AgencyDirectory } from '../ports/ledger-store.js';
import { hashAgencyToken } from './agency-token.js';

export class AgencyTokens {
  private readonly known = new Map<string, Agency>();

  constructor(private readonly directory: AgencyDirectory) {}

  async agencyOf(token: string): Promise<Agency | undefined> {
    const hash = hashAgencyToken(token);
    const cached = this.known.get(hash);
    if (cached) return cached;
    const found = await this.directory.findAgencyByTokenHash(hash);
    if (!found) return undefined;
    const agency: Agency = {
      id: found.id,
      kind: found.kind,
      name: found.name,
      createdAt: found.createdAt,
    };
    this.known.set(hash, agency);
    return agency;
  }
}
