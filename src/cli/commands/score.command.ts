// `probity score <identifier> [--at <instant>]`: the score, grade, lists and measures of a
// subject at an instant, with every contribution explained (charter C12).
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { NeedToKnowView } from '../../app/subjects/need-to-know.js';
import type { SubjectEvaluation } from '../../core/scoring/index.js';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

function describe(e: SubjectEvaluation): string {
  const lines = [`${e.subject} (${e.kind}) at ${e.at}, policy ${e.policy}`];
  if (!e.scorable) {
    lines.push(
      '  not scorable at this instant (a minor, deceased or dissolved): no score, no lists, no measures',
    );
    return lines.join('\n');
  }
  lines.push(
    `  score ${e.score} (grade ${e.grade}) = base ${e.base}${e.contributions.length ? ' plus:' : ''}`,
  );
  for (const c of e.contributions) {
    const sign = c.points >= 0 ? '+' : '';
    const decay = c.weight < 1 ? ` (decayed to ${(c.weight * 100).toFixed(0)}%)` : '';
    lines.push(
      `    ${sign}${c.points}  record ${c.recordId} ${c.category} of ${c.occurredAt.slice(0, 10)}, rule ${c.rule ?? '(none: 0)'}${c.error !== undefined ? ` (rule error, 0 points: ${c.error})` : ''}${decay}; ends ${c.outlook.effectEnd.slice(0, 10)}${c.outlook.endsWhenFulfilled ? ' or when fulfilled' : ''}${c.outlook.repairFrom ? `, repair from ${c.outlook.repairFrom.slice(0, 10)}` : ''}`,
    );
  }
  for (const r of e.ruleTotals.filter((t) => t.total !== t.capped))
    lines.push(`    rule ${r.rule} capped: ${r.total} -> ${r.capped}`);
  if (e.clamped) lines.push(`    clamped from ${e.unclamped} to the policy's bounds`);
  for (const n of e.notInForce)
    lines.push(`    (record ${n.recordId} ${n.category} does not count: ${n.reason})`);
  for (const l of e.lists)
    lines.push(
      `  on ${l.kind} list ${l.list} since ${l.since.slice(0, 10)}${l.until ? ` until ${l.until.slice(0, 10)}` : ''} (records ${l.records.join(', ') || '-'}; ${l.legalBasis})`,
    );
  for (const m of e.measures)
    lines.push(`  ${m.kind} in effect: ${m.measure} (${m.label}) through ${m.lists.join(', ')}`);
  return lines.join('\n');
}

/** The need-to-know view (agencies reading for enforcement or eligibility; the operator never gets it). */
function describeNeedToKnow(v: NeedToKnowView): string {
  const lines = [`${v.subject} (${v.kind}) at ${v.at}, policy ${v.policy}, for ${v.purpose}`];
  for (const m of v.measures)
    lines.push(
      `  ${m.decision} ${m.measure} (${m.label})${m.lists.length ? ` through ${m.lists.join(', ')}` : ''}${m.until ? ` until ${m.until.slice(0, 10)}` : ''}`,
    );
  for (const l of v.lists)
    lines.push(
      `  on ${l.kind} list ${l.list} since ${l.since.slice(0, 10)}${l.until ? ` until ${l.until.slice(0, 10)}` : ''} (records ${l.records.join(', ') || '-'}; ${l.legalBasis})`,
    );
  return lines.join('\n');
}

export function registerScore(program: Command, ctx: CommandContext): void {
  program
    .command('score')
    .description("a subject's score, grade, list memberships and measures at an instant, explained")
    .argument('<identifier>', 'resident identity number or unified social credit code')
    .option('--at <instant>', 'as of this instant (default: now)')
    .action(async (identifier: string, opts: { at?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const at = opts.at === undefined ? settings.now : parseInstant(opts.at, '--at');
      const view = await ctx.withApp(settings, (app) =>
        app.readSubject(OPERATOR, { identifier, purpose: 'oversight', at }),
      );
      if (settings.json) ctx.printJson(view);
      else ctx.print('view' in view ? describeNeedToKnow(view) : describe(view));
    });
}
