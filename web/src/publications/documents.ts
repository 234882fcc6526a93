// The catalogue and the policy in force (GET /v1/public/documents), fetched once per page load
// and shared by the pages that name categories, lists and measures in the reader's language.
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { initialData } from '../app/initial-data';
import { useApi, type Loaded } from '../app/use-api';
import { labelFor } from '../i18n/format';
import type { Language } from '../i18n/languages';

export type Documents =
  paths['/v1/public/documents']['get']['responses'][200]['content']['application/json'];

let documents: Promise<Documents> | undefined;

/** Embedded in a server-rendered first page that names lists (initial-data.ts). */
export const DOCUMENTS_PATH = '/v1/public/documents';

export function loadDocuments(): Promise<Documents> {
  const embedded = initialData<Documents>(DOCUMENTS_PATH);
  if (embedded !== undefined) documents ??= Promise.resolve(embedded);
  documents ??= unwrap(api.GET(DOCUMENTS_PATH)).catch((error: unknown) => {
    documents = undefined; // a failure is tried again by the next page that asks
    throw error;
  });
  return documents;
}

export function useDocuments(): Loaded<Documents> {
  return useApi(loadDocuments, [], initialData<Documents>(DOCUMENTS_PATH));
}

/** A list's or a measure's label in the language, from the policy in force; else the label given, else the id. */
function policyLabel(
  kind: 'lists' | 'measures',
  loaded: Loaded<Documents>,
  language: Language,
  id: string,
  fallback: string | null | undefined,
): string {
  const things: readonly Parameters<typeof labelFor>[1][] =
    loaded.state === 'ok' ? loaded.data.policy[kind] : [];
  const thing = things.find((l) => l.id === id);
  return thing ? labelFor(language, thing) : (fallback ?? id);
}

/** A list's label in the language, from the policy in force; else the label given. */
export function listLabel(
  loaded: Loaded<Documents>,
  language: Language,
  id: string,
  fallback: string | null | undefined,
): string {
  return policyLabel('lists', loaded, language, id, fallback);
}

/** A measure's label in the language, from the policy in force; else the label given. */
export function measureLabel(
  loaded: Loaded<Documents>,
  language: Language,
  id: string,
  fallback?: string | null,
): string {
  return policyLabel('measures', loaded, language, id, fallback);
}
