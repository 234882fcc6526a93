// What the dashboard names in the page's language instead of ids: lists and measures by their
// labels in the policy in force (publications/documents.ts); the groups of the fairness monitor
// and of the simulation's breakdown: sexes, age bands (`under-18`...) and the other districts from
// the dashboard's messages, a district by the name the API gives it in each language; else the id.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/use-format';
import { listLabel, measureLabel, useDocuments } from '../publications/documents';
import { AUTHORITY_NS } from './i18n/messages';

export interface Named {
  readonly group: string;
  readonly name?: string;
  readonly nameZh?: string;
}

export function useGroupName(): (g: Named) => string {
  const format = useFormat();
  const { t, i18n } = useTranslation(AUTHORITY_NS);
  return (g) => {
    const key = `fairness.groups.${g.group}`;
    if (i18n.exists(key, { ns: AUTHORITY_NS })) return t(key);
    return (format.language === 'zh-CN' ? g.nameZh : g.name) ?? g.name ?? g.group;
  };
}

export interface PolicyNames {
  /** Changes when the documents arrive: a dependency of the charts' memos. */
  readonly state: string;
  readonly list: (id: string) => string;
  readonly measure: (id: string) => string;
}

export function usePolicyNames(): PolicyNames {
  const format = useFormat();
  const docs = useDocuments();
  return {
    state: docs.state,
    list: (id) => listLabel(docs, format.language, id, id),
    measure: (id) => measureLabel(docs, format.language, id, id),
  };
}
