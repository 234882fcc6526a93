// Looks up the agency a command or request acts as.
import { DomainError } from '../../core/errors/domain-error.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import { excerpt, quoted } from '../../core/text/storable-text.js';
import type { AgencyDirectory } from '../ports/ledger-store.js';

export async function requireAgency(store: AgencyDirectory, id: string): Promise<Agency> {
  const agency = await store.findAgency(id);
  if (!agency)
    throw new DomainError(
      'AgencyNotFound',
      `no agency ${quoted(id)}: add it with \`probity agency add ${excerpt(id)} --kind <kind>\``,
    );
  return { id: agency.id, kind: agency.kind, name: agency.name, createdAt: agency.createdAt };
}
