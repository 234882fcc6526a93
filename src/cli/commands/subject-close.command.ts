// `probity subject close <identifier> --event deceased|dissolved --at <date> --agency <id>`.
import type { Command } from 'commander';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

export function registerSubjectClose(program: Command, ctx: CommandContext): void {
  const subject = program.command('subject').description('subjects: persons and organisations');
  subject
    .command('close')
    .description(
      "record a person's death or an organisation's dissolution: the subject is closed for good",
    )
    .argument('<identifier>', 'resident identity number or unified social credit code')
    .requiredOption('--event <event>', 'deceased (persons) or dissolved (organisations)')
    .requiredOption(
      '--agency <id>',
      'the recording agency (civil affairs, registry, market regulation...)',
    )
    .option('--at <date>', 'when it happened (default: now)')
    .action(
      async (
        identifier: string,
        opts: { event: string; agency: string; at?: string },
        cmd: Command,
      ) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        const at = opts.at === undefined ? undefined : parseInstant(opts.at, '--at');
        const result = await ctx.withApp(settings, async (app) =>
          app.closeSubject(await app.agencyById(opts.agency), {
            subject: identifier,
            event: opts.event,
            at,
          }),
        );
        if (settings.json)
          ctx.printJson({ subject: identifier, event: opts.event, seq: result.seq });
        else ctx.print(`${identifier}: ${opts.event} recorded (ledger sequence ${result.seq})`);
      },
    );
}
