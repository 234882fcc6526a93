// `probity tick [--at <instant>]`: the time-based transitions due between now and then.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

export function registerTick(program: Command, ctx: CommandContext): void {
  program
    .command('tick')
    .description(
      'the time-based transitions (18th birthdays, notice periods, expiries, deadlines) due between now and --at',
    )
    .option('--at <instant>', 'advance to this instant (default: the next transition after now)')
    .action(async (opts: { at?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const to = opts.at === undefined ? undefined : parseInstant(opts.at, '--at');
      const advance = await ctx.withApp(settings, (app) => app.tick(OPERATOR, { to }));
      if (settings.json) ctx.printJson(advance);
      else {
        ctx.print(
          `from ${advance.from} to ${advance.to}: ${advance.transitions.length}${advance.more ? '+' : ''} transitions${advance.transitions[0] ? ` (first ${advance.transitions[0]})` : ''}`,
        );
        for (const [list, change] of Object.entries(advance.lists)) {
          if (change.joined + change.left > 0)
            ctx.print(`  ${list}: ${change.joined} joined, ${change.left} left`);
        }
        ctx.print(`  next transition: ${advance.nextTransition ?? 'none scheduled'}`);
      }
    });
}
