// The catalogue and the policy in force (GET /v1/public/documents), fetched once per page load
// and shared by the pages that name categories, lists and measures in the reader's language.
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { useApi, type Loaded } from '../app/use-api';
import { labelFor } from '../i18n/format';
import type { Language } from '../i18n/languages';

export type Documents =
  paths['/v1/public/documents']['get']['responses'][200]['content']['application/json'];

let documents: Promise<Documents> | undefined;

export function loadDocuments(): Promise<Documents> {
  documents ??= unwrap(api.GET('/v1/public/documents')).catch((error: unknown) => {
    documents = undefined; // a failure is tried again by the next page that asks
    throw error;
  });
  return documents;
}

export function useDocuments(): Loaded<Documents> {
  return useApi(loadDocuments, []);
}

/** A list's label in the language, from the policy in force; else the label given. */
export function listLabel(
  loaded: Loaded<Documents>,
  language: Language,
  id: string,
  fallback: string | null | undefined,
): string {
  const list =
    loaded.state === 'ok' ? loaded.data.policy.lists.find((l) => l.id === id) : undefined;
  return list ? labelFor(language, list) : (fallback ?? id);
}
