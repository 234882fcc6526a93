// `probity citizen code <identifier>`: issues a one-time sign-in code for a subject (operator and
// demo use; a deployment sends codes through the subject's registered channel). The code is shown
// once, valid 10 minutes, and stored only as a salted digest; issuing it is audited (C11).
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import { formatInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

export function registerCitizen(program: Command, ctx: CommandContext): void {
  const citizen = program.command('citizen').description("citizens' sign-in to see their own data");
  citizen
    .command('code')
    .description(
      'issue a one-time sign-in code (valid 10 minutes, single use) for POST /v1/citizen/session',
    )
    .argument('<identifier>', 'resident identity number or unified social credit code')
    .action(async (identifier: string, _opts: unknown, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const issued = await ctx.withApp(settings, (app) =>
        app.issueSignInCode(OPERATOR, { identifier }),
      );
      const expiresAt = formatInstant(issued.expiresAt);
      if (settings.json)
        ctx.printJson({ identifier: issued.identifier, code: issued.code, expiresAt });
      else
        ctx.print(
          `sign-in code for ${issued.identifier}: ${issued.code} (single use, valid until ${expiresAt})`,
        );
    });
}
