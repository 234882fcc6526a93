// `probity tick [--at <instant>]`: the time-based transitions due between now and then.
import type { Command } from 'commander';
import { loadEngine } from '../../app/standing/engine-load.js';
import { advanceTime } from '../../app/standing/time-advance.js';
import { loadScoringContext } from '../../app/standing/scoring-context.js';
import { DomainError } from '../../core/errors/domain-error.js';
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
      const advance = await ctx.withStore(settings, async (store) => {
        const { engine } = await loadEngine(store, await loadScoringContext(store));
        const to =
          opts.at === undefined
            ? (engine.nextTransition(settings.now) ?? settings.now)
            : parseInstant(opts.at, '--at');
        if (to < settings.now)
          throw new DomainError(
            'TickInPast',
            '--at must not be before now: time only moves forward',
          );
        return advanceTime(engine, settings.now, to);
      });
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
