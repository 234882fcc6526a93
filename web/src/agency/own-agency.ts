// What the signed-in agency may do, for the pages that offer it: GET /v1/agency/me (the ids of
// the categories it may submit and of the measures it checks, by the very rules the records and
// checks doors enforce) with the catalogue and policy in force (their fields, bounds and labels).
import { useApi, type Loaded } from '../app/use-api';
import { loadDocuments, type Documents } from '../publications/documents';
import { agencyApi, type OwnAgency } from './agency-api';

export interface OwnAgencyDocuments {
  readonly me: OwnAgency;
  readonly documents: Documents;
  /** The catalogue's categories the agency may submit, in catalogue order. */
  readonly categories: Documents['catalog']['categories'];
  /** The policy's measures the agency checks, in policy order. */
  readonly measures: Documents['policy']['measures'];
}

export async function loadOwnAgency(): Promise<OwnAgencyDocuments> {
  const [me, documents] = await Promise.all([agencyApi.me(), loadDocuments()]);
  const categories = new Set(me.catalog.categories);
  const measures = new Set(me.policy.measures);
  return {
    me,
    documents,
    categories: documents.catalog.categories.filter((c) => categories.has(c.id)),
    measures: documents.policy.measures.filter((m) => measures.has(m.id)),
  };
}

export function useOwnAgency(): Loaded<OwnAgencyDocuments> {
  return useApi(loadOwnAgency, []);
}
