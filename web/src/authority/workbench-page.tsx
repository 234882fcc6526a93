// The policy workbench (POST /v1/authority/policy/validate|simulate|activate): paste or upload a
// draft, see its validation problems inline, run the simulation and see it as charts with their
// tables (grade transitions, list entries gained and lost, score distributions before and after,
// by district and age band), then activate it with an effective date. The API's refusals are
// shown with their code and reason; nothing is written for any of them.
import { useMemo, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorState, Loading } from '../app/states';
import { useFormat } from '../i18n/use-format';
import { authorityApi, type Activation, type Simulation, type Validation } from './authority-api';
import { COLOURS, Figure } from './figure';
import { byGrade } from './grades';
import { AUTHORITY_NS } from './i18n/messages';
import { TableWrap } from './table-wrap';

type Step<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'working' }
  | { readonly state: 'error'; readonly error: unknown }
  | { readonly state: 'ok'; readonly data: T };

function Refusal({ error }: { readonly error: unknown }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  if (error instanceof ApiError && error.status !== 401 && error.status < 500)
    return (
      <div className="state state-error" role="alert">
        <p>
          <strong>{t('workbench.refused', { code: error.code })}</strong> {error.message}
        </p>
      </div>
    );
  return <ErrorState error={error} />;
}

function Problems({ validation }: { readonly validation: Validation }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  if (validation.valid)
    return (
      <p className="state" role="status">
        {t('workbench.valid', {
          policy: validation.policy,
          version: validation.version,
          rules: validation.rules,
          lists: validation.lists,
          measures: validation.measures,
        })}
      </p>
    );
  return (
    <div role="alert" className="problems">
      <p>
        <strong>{t('workbench.invalid', { count: validation.problems.length })}</strong>
      </p>
      <ul>
        {validation.problems.map((p, i) => (
          <li key={i}>
            <code>{p.path === '' ? '/' : p.path}</code> ({p.code}): {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The grade transition matrix: rows the grade under the policy in force, columns the draft's. */
function Transitions({
  label,
  transitions,
}: {
  readonly label: string;
  readonly transitions: Record<string, Record<string, number>>;
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const from = Object.keys(transitions).sort(byGrade);
  const to = [...new Set(from.flatMap((g) => Object.keys(transitions[g] ?? {})))].sort(byGrade);
  const max = Math.max(1, ...from.flatMap((g) => to.map((h) => transitions[g]?.[h] ?? 0)));
  return (
    <TableWrap label={label}>
      <table className="matrix">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workbench.fromTo')}</th>
            {to.map((g) => (
              <th key={g} scope="col" className="num">
                {g}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {from.map((g) => (
            <tr key={g}>
              <th scope="row">{g}</th>
              {to.map((h) => {
                const n = transitions[g]?.[h] ?? 0;
                // A heatmap: the darker the cell, the more subjects (the figure is always there).
                const level = n === 0 ? 0 : Math.ceil((n / max) * 4);
                return (
                  <td key={h} className={`num heat-${level}${g === h ? ' same' : ''}`}>
                    {format.number(n)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

type Lists = Simulation['lists'];

function ListChanges({ lists }: { readonly lists: Lists }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const names = Object.keys(lists).sort();
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: names,
        datasets: [
          {
            label: t('workbench.gained'),
            data: names.map((n) => lists[n]?.gained ?? 0),
            backgroundColor: COLOURS[1],
          },
          {
            label: t('workbench.lost'),
            data: names.map((n) => lists[n]?.lost ?? 0),
            backgroundColor: COLOURS[2],
          },
        ],
      },
    }),
    [lists, format.language],
  );
  return (
    <Figure
      label={t('workbench.listsLabel')}
      config={config}
      table={{
        columns: [
          t('population.list'),
          t('workbench.before'),
          t('workbench.gained'),
          t('workbench.lost'),
          t('workbench.after'),
        ],
        rows: names.map((n) => [
          n,
          lists[n]?.before ?? 0,
          lists[n]?.gained ?? 0,
          lists[n]?.lost ?? 0,
          lists[n]?.after ?? 0,
        ]),
      }}
    />
  );
}

function Distribution({ simulation }: { readonly simulation: Simulation }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const d = simulation.distribution;
  const labels = d.buckets.map((b) => `${format.number(b)}–${format.number(b + d.width - 1)}`);
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels,
        datasets: [
          { label: t('workbench.before'), data: d.before, backgroundColor: COLOURS[0] },
          { label: t('workbench.after'), data: d.after, backgroundColor: COLOURS[1] },
        ],
      },
    }),
    [simulation, format.language],
  );
  return (
    <>
      <Figure
        label={t('workbench.distributionLabel')}
        config={config}
        table={{
          columns: [t('workbench.scores'), t('workbench.before'), t('workbench.after')],
          rows: labels.map((l, i) => [l, d.before[i] ?? 0, d.after[i] ?? 0]),
        }}
      />
      <p className="hint">
        {t('workbench.unscorable', { before: d.unscorableBefore, after: d.unscorableAfter })}
      </p>
    </>
  );
}

type Group = Simulation['breakdown']['district'][number];

function changed(transitions: Record<string, Record<string, number>> | undefined): number {
  let n = 0;
  for (const [from, row] of Object.entries(transitions ?? {}))
    for (const [to, count] of Object.entries(row)) if (from !== to) n += count;
  return n;
}

function Breakdown({
  label,
  groups,
}: {
  readonly label: string;
  readonly groups: readonly Group[];
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const total = (g: Group, k: 'gained' | 'lost') =>
    Object.values(g.lists ?? {}).reduce((a, l) => a + l[k], 0);
  const name = (g: Group) => (format.language === 'zh-CN' ? g.nameZh : g.name) ?? g.name ?? g.group;
  return (
    <TableWrap label={label}>
      <table>
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workbench.group')}</th>
            <th scope="col" className="num">
              {t('workbench.persons')}
            </th>
            <th scope="col" className="num">
              {t('workbench.gradeChanged')}
            </th>
            <th scope="col" className="num">
              {t('workbench.gained')}
            </th>
            <th scope="col" className="num">
              {t('workbench.lost')}
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.group}>
              <th scope="row">{name(g)}</th>
              {g.suppressed ? (
                <td colSpan={4}>{t('workbench.suppressed')}</td>
              ) : (
                <>
                  <td className="num">{format.number(g.subjects ?? 0)}</td>
                  <td className="num">{format.number(changed(g.transitions))}</td>
                  <td className="num">{format.number(total(g, 'gained'))}</td>
                  <td className="num">{format.number(total(g, 'lost'))}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function SimulationView({ simulation }: { readonly simulation: Simulation }): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const errors = Object.entries(simulation.ruleErrors.after);
  return (
    <section aria-labelledby="simulation">
      <h2 id="simulation">{t('workbench.simulation')}</h2>
      <p className="lead">
        {t('workbench.simulationIntro', {
          at: format.dateTime(simulation.at),
          subjects: simulation.subjects,
          current: `${simulation.current.id} v${simulation.current.version}`,
          draft: `${simulation.draft.id} v${simulation.draft.version}`,
        })}
      </p>
      {errors.length > 0 && (
        <div className="problems" role="alert">
          <p>{t('workbench.ruleErrors')}</p>
          <ul>
            {errors.map(([rule, n]) => (
              <li key={rule}>
                <code>{rule}</code>: {format.number(n)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3>{t('workbench.transitions')}</h3>
      <p className="hint">{t('workbench.transitionsHint')}</p>
      <Transitions label={t('workbench.transitionsLabel')} transitions={simulation.transitions} />
      <h3>{t('workbench.lists')}</h3>
      <ListChanges lists={simulation.lists} />
      <h3>{t('workbench.distribution')}</h3>
      <Distribution simulation={simulation} />
      <h3>{t('workbench.breakdown')}</h3>
      <p className="hint">{t('workbench.breakdownHint')}</p>
      <Breakdown label={t('workbench.byDistrict')} groups={simulation.breakdown.district} />
      <Breakdown label={t('workbench.byAgeBand')} groups={simulation.breakdown.ageBand} />
    </section>
  );
}

export function WorkbenchPage(): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const [text, setText] = useState('');
  const [validation, setValidation] = useState<Step<Validation>>({ state: 'idle' });
  const [simulation, setSimulation] = useState<Step<Simulation>>({ state: 'idle' });
  const [effective, setEffective] = useState('');
  const [activation, setActivation] = useState<Step<Activation>>({ state: 'idle' });

  function edit(value: string): void {
    setText(value);
    setValidation({ state: 'idle' });
    setSimulation({ state: 'idle' });
    setActivation({ state: 'idle' });
  }

  async function upload(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    if (file !== undefined) edit(await file.text());
  }

  async function run<T>(set: (s: Step<T>) => void, call: () => Promise<T>): Promise<void> {
    set({ state: 'working' });
    try {
      set({ state: 'ok', data: await call() });
    } catch (error) {
      set({ state: 'error', error });
      // A draft refused as not valid: its every problem shown inline, as validating shows them
      // (the refusal's message says only that it is not valid).
      if (error instanceof ApiError && error.code === 'PolicyRejected')
        void run(setValidation, () => authorityApi.validate(text));
    }
  }

  const empty = text.trim() === '';
  return (
    <>
      <h1>{t('workbench.title')}</h1>
      <p className="lead">{t('workbench.intro')}</p>
      <form className="stack" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="policy-file">{t('workbench.upload')}</label>
          <input
            id="policy-file"
            type="file"
            accept=".yaml,.yml,.json,text/yaml,application/json"
            onChange={(e) => void upload(e)}
          />
        </div>
        <div className="field">
          <label htmlFor="policy-text">{t('workbench.draft')}</label>
          <textarea
            id="policy-text"
            spellCheck={false}
            value={text}
            aria-describedby="policy-text-hint"
            onChange={(e) => edit(e.target.value)}
          />
          <p id="policy-text-hint" className="hint">
            {t('workbench.draftHint')}
          </p>
        </div>
        <p className="actions">
          <button
            type="button"
            disabled={empty || validation.state === 'working'}
            onClick={() => void run(setValidation, () => authorityApi.validate(text))}
          >
            {t('workbench.validate')}
          </button>{' '}
          <button
            type="button"
            disabled={empty || simulation.state === 'working'}
            onClick={() => void run(setSimulation, () => authorityApi.simulate(text))}
          >
            {t('workbench.simulate')}
          </button>
        </p>
      </form>
      {validation.state === 'working' && <Loading />}
      {validation.state === 'error' && <Refusal error={validation.error} />}
      {validation.state === 'ok' && <Problems validation={validation.data} />}
      {simulation.state === 'working' && <Loading />}
      {simulation.state === 'error' && <Refusal error={simulation.error} />}
      {simulation.state === 'ok' && <SimulationView simulation={simulation.data} />}
      <section aria-labelledby="activate">
        <h2 id="activate">{t('workbench.activate')}</h2>
        <p className="hint">{t('workbench.activateHint')}</p>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run(setActivation, () => authorityApi.activate(text, effective));
          }}
        >
          <div className="field">
            <label htmlFor="policy-effective">{t('workbench.effectiveFrom')}</label>
            <input
              id="policy-effective"
              type="date"
              required
              value={effective}
              onChange={(e) => setEffective(e.target.value)}
            />
          </div>
          <button type="submit" disabled={empty || activation.state === 'working'}>
            {t('workbench.activateButton')}
          </button>
        </form>
        {activation.state === 'working' && <Loading />}
        {activation.state === 'error' && <Refusal error={activation.error} />}
        {activation.state === 'ok' && (
          <p className="state" role="status">
            {t(activation.data.added ? 'workbench.activated' : 'workbench.unchanged', {
              policy: activation.data.policy,
              version: activation.data.version,
              from: format.dateTime(activation.data.effectiveFrom),
            })}
          </p>
        )}
      </section>
    </>
  );
}
