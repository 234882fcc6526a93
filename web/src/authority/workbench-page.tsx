// The policy workbench (GET /v1/authority/policy, POST /v1/authority/policy/validate|simulate|
// activate): the draft starts as the policy in force (or a file uploaded, or pasted) and can be
// downloaded; its validation problems are shown under the text, each with its line (the line's
// text quoted, and a button that moves the caret there); the simulation runs as of a day picked
// (today: now) and is shown as charts with their tables (grade transitions, list entries gained
// and lost, score distributions before and after, by district and age band); then activate it
// with an effective date. The API's refusals are shown with their code and reason; nothing is
// written for any of them. A textarea, not a code editor: docs/web.md says why.
import { useEffect, useMemo, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorState, Loading } from '../app/states';
import { useApi } from '../app/use-api';
import { useFormat } from '../i18n/use-format';
import {
  authorityApi,
  type Activation,
  type PolicyInForce,
  type Simulation,
  type Validation,
} from './authority-api';
import { ChartOnly, COLOURS, Figure } from './figure';
import { byGrade } from './grades';
import { AUTHORITY_NS } from './i18n/messages';
import { useGroupName, usePolicyNames } from './labels';
import { dayOf, isDay } from './period';
import { TableWrap } from './table-wrap';

/** Hands the draft to the browser as a file download. */
function save(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The offsets of a line of the text (1 = the first): its start and its end. */
export function lineRange(text: string, line: number): { start: number; end: number } {
  const lines = text.split('\n');
  const index = Math.min(Math.max(1, line), lines.length) - 1;
  let start = 0;
  for (let i = 0; i < index; i += 1) start += (lines[i]?.length ?? 0) + 1;
  return { start, end: start + (lines[index]?.length ?? 0) };
}

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

function Problems({
  validation,
  text,
  goTo,
}: {
  readonly validation: Validation;
  readonly text: string;
  readonly goTo: (line: number) => void;
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const lines = text.split('\n');
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
    <div role="alert" className="problems" id="policy-problems">
      <p>
        <strong>{t('workbench.invalid', { count: validation.problems.length })}</strong>
      </p>
      <ul>
        {validation.problems.map((p, i) => (
          <li key={i}>
            {p.line !== undefined && (
              <>
                <button type="button" className="secondary line" onClick={() => goTo(p.line ?? 1)}>
                  {t('workbench.goToLine', { line: p.line })}
                </button>{' '}
                <code className="line-text">{lines[p.line - 1]?.trim() ?? ''}</code>{' '}
              </>
            )}
            <code>{p.path === '' ? '/' : p.path}</code> ({p.code}): {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The grade transition matrix as a chart: a bar per grade under the policy in force, divided by
 * the subjects' grade under the draft (stacked), beside the matrix as a table.
 */
function TransitionsChart({
  transitions,
}: {
  readonly transitions: Record<string, Record<string, number>>;
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const from = Object.keys(transitions).sort(byGrade);
  const to = [...new Set(from.flatMap((g) => Object.keys(transitions[g] ?? {})))].sort(byGrade);
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: from,
        datasets: to.map((h, i) => ({
          label: t('workbench.underDraft', { grade: h }),
          data: from.map((g) => transitions[g]?.[h] ?? 0),
          backgroundColor: COLOURS[i % COLOURS.length],
        })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true } } },
    }),
    [transitions, format.language],
  );
  return <ChartOnly label={t('workbench.transitionsChartLabel')} config={config} />;
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
  const policy = usePolicyNames();
  const names = Object.keys(lists).sort();
  const config = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: names.map(policy.list),
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
    [lists, format.language, policy.state],
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
          policy.list(n),
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
  const name = useGroupName();
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
      <div className="figure">
        <TransitionsChart transitions={simulation.transitions} />
        <Transitions label={t('workbench.transitionsLabel')} transitions={simulation.transitions} />
      </div>
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

/** Where the draft started: the policy in force, and the versions scheduled after it. */
function Start({
  loaded,
  onRestart,
}: {
  readonly loaded: PolicyInForce;
  readonly onRestart: () => void;
}): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  return (
    <div className="hint">
      <p>
        {t('workbench.inForce', {
          policy: loaded.policy,
          version: loaded.version,
          from: format.dateTime(loaded.effectiveFrom),
        })}{' '}
        <button type="button" className="secondary" onClick={onRestart}>
          {t('workbench.restart')}
        </button>
      </p>
      {loaded.scheduled.map((s) => (
        <p key={`${s.policy}-${s.version}`}>
          {t('workbench.scheduled', {
            policy: s.policy,
            version: s.version,
            from: format.dateTime(s.effectiveFrom),
          })}
        </p>
      ))}
    </div>
  );
}

export function WorkbenchPage(): ReactNode {
  const { t } = useTranslation(AUTHORITY_NS);
  const format = useFormat();
  const inForce = useApi(() => authorityApi.policyInForce(), []);
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [validation, setValidation] = useState<Step<Validation>>({ state: 'idle' });
  const [simulation, setSimulation] = useState<Step<Simulation>>({ state: 'idle' });
  const [asOf, setAsOf] = useState('');
  const [asOfProblem, setAsOfProblem] = useState(false);
  const [effective, setEffective] = useState('');
  const [activation, setActivation] = useState<Step<Activation>>({ state: 'idle' });
  const area = useRef<HTMLTextAreaElement>(null);
  const today = inForce.state === 'ok' ? dayOf(inForce.data.at) : undefined;

  // The draft starts as the policy in force, unless the authority typed or uploaded one first.
  useEffect(() => {
    if (inForce.state === 'ok' && !touched) setText(inForce.data.text);
  }, [inForce]);

  function edit(value: string): void {
    setText(value);
    setTouched(true);
    setValidation({ state: 'idle' });
    setSimulation({ state: 'idle' });
    setActivation({ state: 'idle' });
  }

  async function upload(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    if (file !== undefined) edit(await file.text());
  }

  /** Moves the caret to a line of the draft, selects it and scrolls it into view. */
  function goTo(line: number): void {
    const textarea = area.current;
    if (textarea === null) return;
    const { start, end } = lineRange(textarea.value, line);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const height = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 3) * height);
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

  function simulate(): void {
    // The day picked (00:00 UTC), or now for today or none; a day after today is explained here.
    const day = asOf === '' ? today : asOf;
    const future = day !== undefined && today !== undefined && day > today;
    setAsOfProblem(future || (asOf !== '' && !isDay(asOf)));
    if (future || (asOf !== '' && !isDay(asOf))) return;
    const at = day === undefined || day === today ? undefined : day;
    void run(setSimulation, () => authorityApi.simulate(text, at));
  }

  const empty = text.trim() === '';
  return (
    <>
      <h1>{t('workbench.title')}</h1>
      <p className="lead">{t('workbench.intro')}</p>
      {inForce.state === 'loading' && <Loading />}
      {inForce.state === 'error' && <ErrorState error={inForce.error} />}
      {inForce.state === 'ok' && (
        <Start loaded={inForce.data} onRestart={() => edit(inForce.data.text)} />
      )}
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
            ref={area}
            spellCheck={false}
            value={text}
            aria-describedby={
              validation.state === 'ok' && !validation.data.valid
                ? 'policy-text-hint policy-problems'
                : 'policy-text-hint'
            }
            aria-invalid={validation.state === 'ok' && !validation.data.valid ? true : undefined}
            onChange={(e) => edit(e.target.value)}
          />
          <p id="policy-text-hint" className="hint">
            {t('workbench.draftHint')}
          </p>
        </div>
        {validation.state === 'working' && <Loading />}
        {validation.state === 'error' && <Refusal error={validation.error} />}
        {validation.state === 'ok' && (
          <Problems validation={validation.data} text={text} goTo={goTo} />
        )}
        <div className="field">
          <label htmlFor="policy-as-of">{t('workbench.asOf')}</label>
          <input
            id="policy-as-of"
            type="date"
            value={asOf === '' ? (today ?? '') : asOf}
            max={today}
            aria-describedby="policy-as-of-hint"
            aria-invalid={asOfProblem ? true : undefined}
            onChange={(e) => {
              setAsOf(e.target.value);
              setAsOfProblem(false);
            }}
          />
          <p id="policy-as-of-hint" className="hint">
            {t('workbench.asOfHint')}
          </p>
          {asOfProblem && (
            <p className="problems" role="alert">
              {t('workbench.asOfAfterToday')}
            </p>
          )}
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
            onClick={simulate}
          >
            {t('workbench.simulate')}
          </button>{' '}
          <button
            type="button"
            className="secondary"
            disabled={empty}
            onClick={() => save('policy-draft.yaml', text)}
          >
            {t('workbench.download')}
          </button>
        </p>
      </form>
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
