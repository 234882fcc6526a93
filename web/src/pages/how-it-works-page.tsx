// "How Probity works" (public): the charter's promises, and the catalogue and the policy in force
// rendered readably: scores and grades, the lists and the measures they bring, what may be
// recorded and for how long, the rules and their points, each with its legal basis. Labels come
// from the documents, in the page's language where they give one (`labels: {zh-CN: ...}`).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Show } from '../app/states';
import { formatDuration, labelFor } from '../i18n/format';
import { useFormat } from '../i18n/use-format';
import { useDocuments, type Documents } from '../publications/documents';

const PROMISES = [
  'c1',
  'c2',
  'c3',
  'c4',
  'c5',
  'c6',
  'c7',
  'c8',
  'c9',
  'c10',
  'c11',
  'c12',
  'c13',
  'c14',
] as const;

function Promises(): ReactNode {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="promises">
      <h2 id="promises">{t('how.promises.title')}</h2>
      <p>{t('how.promises.intro')}</p>
      <ol className="promises">
        {PROMISES.map((c) => (
          <li key={c}>
            <strong>{t(`how.promises.${c}.title`)}</strong> {t(`how.promises.${c}.text`)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Scores({ docs }: { readonly docs: Documents }): ReactNode {
  const { t } = useTranslation();
  const format = useFormat();
  const p = docs.policy;
  const grades = [...p.grades].sort((a, b) => b.min - a.min);
  return (
    <section aria-labelledby="scores">
      <h2 id="scores">{t('how.scores.title')}</h2>
      <p>
        {t('how.scores.text', {
          person: format.number(p.base['person'] ?? 0),
          organization: format.number(p.base['organization'] ?? 0),
          min: format.number(p.bounds.min),
          max: format.number(p.bounds.max),
        })}
      </p>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{t('how.scores.grades')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('how.scores.grade')}</th>
              <th scope="col" className="num">
                {t('how.scores.from')}
              </th>
            </tr>
          </thead>
          <tbody>
            {grades.map((g) => (
              <tr key={g.grade}>
                <th scope="row">{g.grade}</th>
                <td className="num">{format.number(g.min)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Lists({ docs }: { readonly docs: Documents }): ReactNode {
  const { t } = useTranslation();
  const { language } = useFormat();
  const categories = new Map(docs.catalog.categories.map((c) => [c.id, c]));
  const measures = new Map(docs.policy.measures.map((m) => [m.id, m]));
  return (
    <section aria-labelledby="lists">
      <h2 id="lists">{t('how.lists.title')}</h2>
      <p>{t('how.lists.intro')}</p>
      {docs.policy.lists.map((list) => (
        <article key={list.id} className="card" aria-labelledby={`list-${list.id}`}>
          <h3 id={`list-${list.id}`}>{labelFor(language, list)}</h3>
          <dl className="facts">
            <dt>{t('how.lists.kind')}</dt>
            <dd>{t(`how.lists.kinds.${list.kind === 'incentive' ? 'incentive' : 'sanction'}`)}</dd>
            <dt>{t('entry.legalBasis')}</dt>
            <dd>{list.legalBasis}</dd>
            <dt>{t('how.lists.public')}</dt>
            <dd>{list.public ? t('how.yes') : t('how.no')}</dd>
            <dt>{t('how.lists.noticePeriod')}</dt>
            <dd>{formatDuration(language, list.noticePeriod)}</dd>
            {list.kind === 'incentive' ? (
              <>
                <dt>{t('how.lists.grades')}</dt>
                <dd>
                  {list.grades.join(', ')}
                  {list.noAdverseWithin &&
                    ` — ${t('how.lists.noAdverseWithin', { period: formatDuration(language, list.noAdverseWithin) })}`}
                </dd>
              </>
            ) : (
              <>
                <dt>{t('how.lists.categories')}</dt>
                <dd>
                  <ul className="plain">
                    {list.categories.map((id) => {
                      const c = categories.get(id);
                      return <li key={id}>{c ? labelFor(language, c) : id}</li>;
                    })}
                  </ul>
                  {list.when && (
                    <p className="hint">
                      {t('how.lists.when')} <code>{list.when}</code>
                    </p>
                  )}
                </dd>
              </>
            )}
            <dt>{t('how.lists.measures')}</dt>
            <dd>
              {list.measures.length === 0 ? (
                t('how.lists.noMeasures')
              ) : (
                <ul className="plain">
                  {list.measures.map((id) => {
                    const m = measures.get(id);
                    return (
                      <li key={id}>
                        {m ? labelFor(language, m) : id}
                        {m && (
                          <span className="hint">
                            {' '}
                            {t('how.lists.checkedBy', { enforcers: m.enforcers.join(', ') })}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </dd>
          </dl>
        </article>
      ))}
    </section>
  );
}

function Measures({ docs }: { readonly docs: Documents }): ReactNode {
  const { t } = useTranslation();
  const { language } = useFormat();
  const lists = new Map(docs.policy.lists.map((l) => [l.id, l]));
  return (
    <section aria-labelledby="measures">
      <h2 id="measures">{t('how.measures.title')}</h2>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <caption>{t('how.measures.caption', { count: docs.policy.measures.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('how.measures.measure')}</th>
              <th scope="col">{t('how.measures.kind')}</th>
              <th scope="col">{t('how.measures.lists')}</th>
              <th scope="col">{t('how.measures.enforcers')}</th>
              <th scope="col">{t('entry.legalBasis')}</th>
            </tr>
          </thead>
          <tbody>
            {docs.policy.measures.map((m) => (
              <tr key={m.id}>
                <th scope="row">{labelFor(language, m)}</th>
                <td>
                  {t(`how.measures.kinds.${m.kind === 'benefit' ? 'benefit' : 'restriction'}`)}
                </td>
                <td>
                  {m.lists
                    .map((id) => {
                      const l = lists.get(id);
                      return l ? labelFor(language, l) : id;
                    })
                    .join('; ')}
                </td>
                <td>{m.enforcers.join(', ')}</td>
                <td>{m.legalBasis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Catalogue({ docs }: { readonly docs: Documents }): ReactNode {
  const { t } = useTranslation();
  const { language } = useFormat();
  const rulesByCategory = new Map<string, Documents['policy']['rules'][number][]>();
  for (const rule of docs.policy.rules) {
    for (const id of rule.categories)
      rulesByCategory.set(id, [...(rulesByCategory.get(id) ?? []), rule]);
  }
  return (
    <section aria-labelledby="catalogue">
      <h2 id="catalogue">{t('how.catalogue.title')}</h2>
      <p>
        {t('how.catalogue.intro', {
          version: docs.catalog.version,
          policy: docs.policy.id,
          policyVersion: docs.policy.version,
        })}
      </p>
      {docs.catalog.categories.map((c) => {
        const rules = rulesByCategory.get(c.id) ?? [];
        return (
          <details key={c.id} id={`category-${c.id}`} className="category">
            <summary>
              {labelFor(language, c)}{' '}
              <span className="hint">
                {c.polarity === 'adverse'
                  ? t('how.catalogue.adverse', { tier: c.tier ?? '' })
                  : t('how.catalogue.favourable')}
              </span>
            </summary>
            <dl className="facts">
              <dt>{t('entry.legalBasis')}</dt>
              <dd>{c.legalBasis}</dd>
              <dt>{t('how.catalogue.subjects')}</dt>
              <dd>
                {c.subjects
                  .map((s) =>
                    t(
                      `how.catalogue.subjectKinds.${s === 'organization' ? 'organization' : 'person'}`,
                    ),
                  )
                  .join(', ')}
              </dd>
              <dt>{t('how.catalogue.submitters')}</dt>
              <dd>{c.submitters.join(', ')}</dd>
              <dt>{t('how.catalogue.lasts')}</dt>
              <dd>
                {t('how.catalogue.lastsText', {
                  duration: formatDuration(language, c.maxDuration),
                })}
                {c.endsWhenFulfilled && ` ${t('how.catalogue.endsWhenFulfilled')}`}
              </dd>
              <dt>{t('how.catalogue.repair')}</dt>
              <dd>
                {c.repairAfter === null
                  ? t('how.catalogue.noRepair')
                  : t('how.catalogue.repairText', {
                      duration: formatDuration(language, c.repairAfter),
                    })}
              </dd>
              <dt>{t('how.catalogue.objection')}</dt>
              <dd>
                {t('how.catalogue.objectionText', {
                  duration: formatDuration(language, c.objectionDeadline),
                })}
              </dd>
              <dt>{t('how.catalogue.fields')}</dt>
              <dd>{c.fields.length === 0 ? '—' : c.fields.map((f) => f.name).join(', ')}</dd>
            </dl>
            {rules.length === 0 ? (
              <p>{t('how.catalogue.noRules')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0}>
                <table>
                  <caption>{t('how.catalogue.rules')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('how.rules.rule')}</th>
                      <th scope="col">{t('how.rules.when')}</th>
                      <th scope="col">{t('how.rules.points')}</th>
                      <th scope="col">{t('how.rules.cap')}</th>
                      <th scope="col">{t('how.rules.decay')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rules.map((r) => (
                      <tr key={r.id}>
                        <th scope="row">
                          {r.label === null ? r.id : labelFor(language, { ...r, label: r.label })}
                        </th>
                        <td>{r.when === null ? t('how.rules.always') : <code>{r.when}</code>}</td>
                        <td className="num">
                          {/^-?\d+$/.test(r.points) ? r.points : <code>{r.points}</code>}
                        </td>
                        <td className="num">{r.cap ?? '—'}</td>
                        <td>{t(`how.rules.decays.${r.decay === 'linear' ? 'linear' : 'none'}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </details>
        );
      })}
      <p className="hint">{t('how.rules.firstMatch')}</p>
    </section>
  );
}

export function HowItWorksPage(): ReactNode {
  const { t } = useTranslation();
  // Server-rendered with the documents (initial-data.ts): shown at once.
  const loaded = useDocuments();
  return (
    <>
      <h1>{t('how.title')}</h1>
      <p className="lead">{t('how.intro')}</p>
      <Promises />
      <Show loaded={loaded}>
        {(docs) => (
          <>
            <Scores docs={docs} />
            <Lists docs={docs} />
            <Measures docs={docs} />
            <Catalogue docs={docs} />
          </>
        )}
      </Show>
    </>
  );
}
