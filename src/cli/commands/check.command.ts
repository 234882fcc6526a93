// `probity check <identifier> --measure <id> [--at <instant>]`, or `--file <ids.txt>` for one
// result per line: may this subject be subjected to (or benefit from) this measure, and why.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CheckResult } from '../../core/scoring/index.js';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { EXIT_INVALID_INPUT } from '../exit-codes.js';
import { readTextFile } from '../read-text-file.js';

function describe(r: CheckResult): string {
  const lines = [`${r.subject} ${r.measure}: ${r.decision}`];
  for (const reason of r.reasons) {
    lines.push(
      `  on ${reason.list} since ${reason.since.slice(0, 10)}${reason.until ? ` until ${reason.until.slice(0, 10)}` : ''}, records ${reason.records.join(', ')} (${reason.legalBasis})`,
    );
  }
  return lines.join('\n');
}

export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description(
      'may this subject be subjected to (or benefit from) a measure: allow/deny or eligible/not-eligible, with reasons',
    )
    .argument('[identifier]', 'resident identity number or unified social credit code')
    .requiredOption('--measure <id>', 'the measure, e.g. travel.flight')
    .option('--file <ids.txt>', 'check every identifier of this file (one per line) instead')
    .option('--at <instant>', 'as of this instant (default: now)')
    .action(
      async (
        identifier: string | undefined,
        opts: { measure: string; file?: string; at?: string },
        cmd: Command,
      ) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        if ((identifier === undefined) === (opts.file === undefined)) {
          throw new DomainError('UsageError', 'give either one identifier or --file <ids.txt>');
        }
        const at = opts.at === undefined ? settings.now : parseInstant(opts.at, '--at');
        const ids =
          opts.file === undefined
            ? [identifier ?? '']
            : (await readTextFile(opts.file))
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter(Boolean);
        const tally = new Map<string, number>();
        await ctx.withApp(settings, async (app) => {
          if (opts.file === undefined) {
            // One subject: an invalid identifier is an error of the command (exit 1).
            const { checkId, ...result } = await app.check(OPERATOR, {
              subject: identifier ?? '',
              measure: opts.measure,
              at,
            });
            if (settings.json) ctx.printJson(result);
            else ctx.print(describe(result));
            return;
          }
          // A file: one bad line is reported on its own line and the rest go on.
          const { results } = await app.checkBatch(OPERATOR, {
            subjects: ids,
            measure: opts.measure,
            at,
          });
          for (const item of results) {
            if ('error' in item) {
              tally.set('invalid', (tally.get('invalid') ?? 0) + 1);
              if (settings.json) ctx.printJson(item);
              else
                ctx.print(
                  `${item.subject} ${item.measure}: error ${item.error.code}: ${item.error.message}`,
                );
            } else {
              tally.set(item.decision, (tally.get(item.decision) ?? 0) + 1);
              if (settings.json) ctx.printJson(item);
              else ctx.print(describe(item));
            }
          }
        });
        if (opts.file !== undefined) {
          ctx.deps.stderr.write(
            `${ids.length} checked: ${[...tally].map(([k, n]) => `${n} ${k}`).join(', ')}\n`,
          );
          if (tally.has('invalid')) ctx.setExitCode(EXIT_INVALID_INPUT);
        }
      },
    );
}
