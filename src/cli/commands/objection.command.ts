// `probity objection list --agency <id> [--status open|decided|all]` and
// `probity objection decide <id> --outcome upheld|corrected|revoked --reason <text> --agency <id>
// [--field name=value ...]`: the submitting agency's objection queue and decisions, for agencies
// that work without the HTTP API. The same use cases as POST /v1/objections/{id}/decision.
import type { Command } from 'commander';
import type { QueueFilter } from '../../app/due-process/objection-queue.js';
import { QUEUE_FILTERS } from '../../app/probity-app.js';
import { DECISION_OUTCOMES } from '../../core/due-process/objection-state.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { FieldValue } from '../../core/ledger/ledger-types.js';
import { quoted } from '../../core/text/storable-text.js';
import { formatInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

/** `name=value`: integers and true/false by their look, text otherwise (the catalogue validates). */
function parseField(text: string, into: Record<string, FieldValue>): Record<string, FieldValue> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new DomainError('UsageError', `--field takes name=value, not ${quoted(text)}`);
  const name = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  into[name] = /^[+-]?\d+$/.test(raw)
    ? Number(raw)
    : raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw;
  return into;
}

/** A first objection past its deadline lifts the record; a repeat never does (objection-state.ts). */
function overdueNote(v: { readonly overdue: boolean; readonly repeat: boolean }): string {
  if (!v.overdue) return '';
  return v.repeat
    ? ' OVERDUE: decide it (a repeat objection: the record keeps counting meanwhile)'
    : ' OVERDUE: the record has no effect until decided';
}

export function registerObjection(program: Command, ctx: CommandContext): void {
  const objection = program
    .command('objection')
    .description("objections: the submitting agency's queue and decisions (charter C8)");

  objection
    .command('list')
    .description('the objections on records the agency submitted, with deadlines and overdue flags')
    .requiredOption('--agency <id>', 'the submitting agency')
    .option('--status <status>', QUEUE_FILTERS.join(' | '), 'open')
    .action(async (opts: { agency: string; status: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      if (!(QUEUE_FILTERS as readonly string[]).includes(opts.status)) {
        throw new DomainError('UsageError', `--status is one of ${QUEUE_FILTERS.join(', ')}`);
      }
      const found = await ctx.withApp(settings, async (app) =>
        app.listObjections(await app.agencyById(opts.agency), {
          status: opts.status as QueueFilter,
        }),
      );
      const views = found.map((o) => ({
        id: o.id,
        recordId: o.recordId,
        category: o.category,
        status: o.status,
        objectedAt: o.objectedAt,
        deadline: o.deadline,
        overdue: o.overdue,
        repeat: o.repeat,
        grounds: o.grounds,
      }));
      if (settings.json) ctx.printJson({ objections: views });
      else if (views.length === 0) ctx.print('no objections');
      else
        for (const v of views)
          ctx.print(
            `objection ${v.id} on record ${v.recordId} (${v.category})${v.repeat ? ', a repeat' : ''}: ${v.status}, due ${v.deadline}${overdueNote(v)}; grounds: ${v.grounds}`,
          );
    });

  objection
    .command('decide')
    .description('decide an objection on a record the agency submitted')
    .argument('<id>', 'the objection id (the ledger sequence of the objection)')
    .requiredOption('--outcome <outcome>', DECISION_OUTCOMES.join(' | '))
    .requiredOption('--reason <text>', 'why: the decision is explained to the subject')
    .requiredOption('--agency <id>', 'the submitting agency')
    .option(
      '--field <name=value>',
      'corrected only: a field to change (repeatable)',
      parseField,
      {},
    )
    .action(
      async (
        id: string,
        opts: {
          outcome: string;
          reason: string;
          agency: string;
          field: Record<string, FieldValue>;
        },
        cmd: Command,
      ) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        const objectionId = Number(id);
        if (!Number.isSafeInteger(objectionId) || objectionId < 1)
          throw new DomainError(
            'UsageError',
            `objection id must be a whole number, not ${quoted(id)}`,
          );
        const fields = Object.keys(opts.field).length > 0 ? opts.field : undefined;
        const { event } = await ctx.withApp(settings, async (app) =>
          app.decideObjection(await app.agencyById(opts.agency), {
            id: objectionId,
            outcome: opts.outcome,
            reason: opts.reason,
            fields,
          }),
        );
        const view = {
          objectionId,
          recordId: event.recordId,
          outcome: event.type,
          at: formatInstant(event.at),
          seq: event.seq,
          reason: event.reason ?? null,
          fields: event.fields ?? null,
        };
        if (settings.json) ctx.printJson(view);
        else
          ctx.print(
            `objection ${objectionId} on record ${view.recordId}: ${view.outcome} at ${view.at} (ledger sequence ${view.seq})`,
          );
      },
    );
}
