// Categories, lists and measures named in the reader's language: the catalogue and the policy in
// force (GET /v1/public/documents, public, fetched once per page load), their `labels` for the
// language, else their own label, else the id (the API's own words are never hidden).
import { useMemo } from 'react';
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { useApi } from '../app/use-api';
import { labelFor } from '../i18n/format';
import { useFormat } from '../i18n/use-format';

type Documents =
  paths['/v1/public/documents']['get']['responses'][200]['content']['application/json'];

let documents: Promise<Documents> | undefined;

function loadDocuments(): Promise<Documents> {
  documents ??= unwrap(api.GET('/v1/public/documents')).catch((error: unknown) => {
    documents = undefined; // tried again by the next page that asks
    throw error;
  });
  return documents;
}

export interface Labels {
  category(id: string): string;
  list(id: string, fallback?: string): string;
  measure(id: string, fallback?: string): string;
}

export function useLabels(): Labels {
  const loaded = useApi(loadDocuments, []);
  const { language } = useFormat();
  return useMemo(() => {
    const docs = loaded.state === 'ok' ? loaded.data : undefined;
    const find = <T extends { id: string }>(things: readonly T[] | undefined, id: string) =>
      things?.find((thing) => thing.id === id);
    return {
      category: (id) => {
        const c = find(docs?.catalog.categories, id);
        return c ? labelFor(language, c) : id;
      },
      list: (id, fallback) => {
        const l = find(docs?.policy.lists, id);
        return l ? labelFor(language, l) : (fallback ?? id);
      },
      measure: (id, fallback) => {
        const m = find(docs?.policy.measures, id);
        return m ? labelFor(language, m) : (fallback ?? id);
      },
    };
  }, [loaded, language]);
}
