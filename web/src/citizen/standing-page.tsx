// My standing (GET /v1/citizen/me): score and grade, the explanation the authority reads — every
// contribution with its record, rule and points and what would end it (fulfilment, its effect's
// end, repair from) — the records that do not count and why, the lists I am on and the measures
// in effect with their end dates.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, Show } from '../app/states';
import { useFormat } from '../i18n/use-format';
import { citizenApi, type Contribution, type Evaluation } from './citizen-api';
import { useLabels } from './labels';
import { CITIZEN_NS } from './i18n/messages';
import { ScoreChart } from './score-chart';
import { useCitizen } from './use-citizen';

function ContributionItem({ c }: { readonly c: Contribution }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const labels = useLabels();
  return (
    <li className="card">
      <h3>
        {t('standing.record', { id: c.recordId })}: {labels.category(c.category)}
      </h3>
      <p className="hint mono">{c.category}</p>
      <dl className="facts">
        <dt>{t('standing.occurredAt')}</dt>
        <dd>{format.date(c.occurredAt)}</dd>
        <dt>{t('standing.rule')}</dt>
        <dd className="mono">{c.rule ?? t('standing.noRule')}</dd>
        <dt>{t('standing.points')}</dt>
        <dd className={c.points < 0 ? 'points negative' : 'points'}>
          {c.points > 0 ? '+' : ''}
          {format.number(c.points)}
        </dd>
        <dt>{t('standing.weight')}</dt>
        <dd>{format.number(c.weight)}</dd>
      </dl>
      <p className="restore">
        <strong>{t('standing.restore')}:</strong>{' '}
        {c.outlook.endsWhenFulfilled && <>{t('standing.whenFulfilled')} </>}
        {t('standing.effectEnd', { date: format.date(c.outlook.effectEnd) })}{' '}
        {c.outlook.repairFrom !== null ? (
          <Link to="/citizen/records">
            {t('standing.repairFrom', { date: format.date(c.outlook.repairFrom) })}
          </Link>
        ) : (
          t('standing.noRepair')
        )}
      </p>
    </li>
  );
}

export function ListsAndMeasures({ e }: { readonly e: Evaluation }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const labels = useLabels();
  // A measure lasts while any list that brings it does: to the latest end, or with no end.
  const measureEnd = (lists: readonly string[]): string => {
    const ends = e.lists.filter((l) => lists.includes(l.list)).map((l) => l.until);
    if (ends.length === 0 || ends.includes(null)) return t('standing.measureNoEnd');
    const last = ends.reduce<string>((a, b) => ((b ?? '') > a ? (b ?? a) : a), '');
    return t('standing.measureUntil', { date: format.date(last) });
  };
  return (
    <>
      <h2>{t('standing.lists')}</h2>
      {e.lists.length === 0 ? (
        <Empty>{t('standing.noLists')}</Empty>
      ) : (
        <ul className="cards">
          {e.lists.map((l) => (
            <li key={l.list} className={`card list-${l.kind}`}>
              <h3>
                {labels.list(l.list, l.label)}{' '}
                <span className="tag">{t(`standing.${l.kind}`)}</span>
              </h3>
              <p>
                {t('standing.since', { date: format.date(l.since) })},{' '}
                {l.until === null
                  ? t('standing.noEnd')
                  : t('standing.until', { date: format.date(l.until) })}
              </p>
              <p className="hint">{t('standing.legalBasis', { basis: l.legalBasis })}</p>
              <p className="hint">{t('standing.fromRecords', { records: l.records.join(', ') })}</p>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('standing.measures')}</h2>
      {e.measures.length === 0 ? (
        <Empty>{t('standing.noMeasures')}</Empty>
      ) : (
        <ul className="cards">
          {e.measures.map((m) => (
            <li key={m.measure} className="card">
              <h3>
                {labels.measure(m.measure, m.label)}{' '}
                <span className="tag">{t(`standing.${m.kind}`)}</span>
              </h3>
              <p>{measureEnd(m.lists)}</p>
              <p className="hint">{t('standing.legalBasis', { basis: m.legalBasis })}</p>
              <p className="hint">
                {t('standing.fromLists', {
                  lists: m.lists
                    .map((id) => labels.list(id, e.lists.find((l) => l.list === id)?.label))
                    .join(', '),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ScoreFacts({ e }: { readonly e: Evaluation }): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  if (!e.scorable || e.score === null)
    return (
      <p>
        <strong>{t('standing.notScorable')}</strong> {t('standing.notScorableText')}
      </p>
    );
  return (
    <>
      <dl className="score">
        <div>
          <dt>{t('standing.score')}</dt>
          <dd>{format.number(e.score)}</dd>
        </div>
        <div>
          <dt>{t('standing.grade')}</dt>
          <dd>{e.grade ?? '—'}</dd>
        </div>
        {e.base !== null && (
          <div>
            <dt>{t('standing.base')}</dt>
            <dd>{format.number(e.base)}</dd>
          </div>
        )}
      </dl>
      {e.clamped && e.unclamped !== null && (
        <p className="hint">
          {t('standing.clamped', {
            unclamped: format.number(e.unclamped),
            score: format.number(e.score),
          })}
        </p>
      )}
    </>
  );
}

export function StandingPage(): ReactNode {
  const { t } = useTranslation(CITIZEN_NS);
  const format = useFormat();
  const labels = useLabels();
  const [loaded] = useCitizen(citizenApi.me);
  return (
    <>
      <h1>{t('standing.title')}</h1>
      <Show loaded={loaded}>
        {(e) => (
          <>
            <p className="hint">
              {t('standing.asOf', {
                at: format.dateTime(e.at),
                policy: e.policy,
                version: e.policyVersion,
              })}
            </p>
            <ScoreFacts e={e} />
            {e.scorable && <ScoreChart />}
            <h2>{t('standing.contributions')}</h2>
            <p className="hint">{t('standing.contributionsIntro')}</p>
            {e.contributions.length === 0 ? (
              <Empty>{t('standing.noContributions')}</Empty>
            ) : (
              <ul className="cards">
                {e.contributions.map((c) => (
                  <ContributionItem key={`${c.recordId}:${c.rule ?? ''}`} c={c} />
                ))}
              </ul>
            )}
            {e.notInForce.length > 0 && (
              <>
                <h2>{t('standing.notInForce')}</h2>
                <p className="hint">{t('standing.notInForceIntro')}</p>
                <ul>
                  {e.notInForce.map((n) => (
                    <li key={n.recordId}>
                      {t('standing.record', { id: n.recordId })} ({labels.category(n.category)}):{' '}
                      {n.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <ListsAndMeasures e={e} />
          </>
        )}
      </Show>
    </>
  );
}
