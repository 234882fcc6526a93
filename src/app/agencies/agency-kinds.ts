// The closed list of agency kinds: every kind the catalogue in force lets submit (`submitters`),
// every kind some policy version lets enforce (`enforcers`), and the authority. An agency of any
// other kind could do nothing, and is most likely a typo: `agency add` refuses it.
import { DomainError } from '../../core/errors/domain-error.js';
import { quoted } from '../../core/text/storable-text.js';
import { AUTHORITY_KIND, enforcerKinds, submitterKinds } from '../access/access-rules.js';
import type { DocumentReader } from '../ports/ledger-store.js';
import { loadScoringContext } from '../standing/scoring-context.js';

/** The agency kinds the catalogue and policies in the ledger know, sorted. */
export async function knownAgencyKinds(store: DocumentReader): Promise<string[]> {
  const context = await loadScoringContext(store);
  const kinds = new Set<string>([AUTHORITY_KIND, ...submitterKinds(context.catalog)]);
  for (const policy of context.policies) for (const kind of enforcerKinds(policy)) kinds.add(kind);
  return [...kinds].sort();
}

/** Refuses a kind outside the closed list with `AgencyInvalidKind`, naming the known kinds. */
export async function requireKnownKind(store: DocumentReader, kind: string): Promise<void> {
  const known = await knownAgencyKinds(store);
  if (known.includes(kind)) return;
  throw new DomainError(
    'AgencyInvalidKind',
    `agency kind ${quoted(kind)} is not one the catalogue or policy knows; known kinds: ${known.join(', ')}`,
    [{ path: 'kind', code: 'AgencyInvalidKind', message: `known kinds: ${known.join(', ')}` }],
  );
}
