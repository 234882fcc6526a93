// `probity record event <recordId> fulfilled|suspended|resumed --agency <id> [--reason ...] [--at ...]`:
// the submitting agency's follow-up on one of its records.
import type { Command } from 'commander';
import { AGENCY_RECORD_EVENTS } from '../../app/probity-app.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { quoted } from '../../core/text/storable-text.js';
import { formatInstant, parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

export function registerRecordEvent(program: Command, ctx: CommandContext): void {
  const record = program
    .command('record')
    .description("records: an agency's follow-up on its own records");
  record
    .command('event')
    .description(`add ${AGENCY_RECORD_EVENTS.join(', ')} to a record the agency submitted`)
    .argument('<recordId>', 'the record id (as returned at import or over HTTP)')
    .argument('<type>', AGENCY_RECORD_EVENTS.join(' | '))
    .requiredOption('--agency <id>', 'the submitting agency')
    .option(
      '--reason <text>',
      'why (required for suspended: a payment plan, a hardship finding...)',
    )
    .option('--at <instant>', 'when it happened (default: now)')
    .action(
      async (
        recordId: string,
        type: string,
        opts: { agency: string; reason?: string; at?: string },
        cmd: Command,
      ) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        const id = Number(recordId);
        if (!Number.isSafeInteger(id) || id < 1)
          throw new DomainError(
            'UsageError',
            `record id must be a whole number, not ${quoted(recordId)}`,
          );
        const at = opts.at === undefined ? undefined : parseInstant(opts.at, '--at');
        const event = await ctx.withApp(settings, async (app) =>
          app.addRecordEvent(await app.agencyById(opts.agency), {
            recordId: id,
            type,
            reason: opts.reason,
            at,
          }),
        );
        const view = {
          recordId: event.recordId,
          type: event.type,
          at: formatInstant(event.at),
          seq: event.seq,
          reason: event.reason ?? null,
        };
        if (settings.json) ctx.printJson(view);
        else
          ctx.print(
            `record ${view.recordId}: ${view.type} at ${view.at} (ledger sequence ${view.seq})`,
          );
      },
    );
}
