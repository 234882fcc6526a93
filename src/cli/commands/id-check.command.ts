// `probity id check <code>...`: validates resident identity numbers and social credit codes.
import type { Command } from 'commander';
import { checkIdentifier } from '../../core/identifiers/index.js';
import { formatDate } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { EXIT_INVALID_INPUT, EXIT_OK } from '../exit-codes.js';

export function registerIdCheck(program: Command, ctx: CommandContext): void {
  const id = program
    .command('id')
    .description('identifiers: resident identity numbers and unified social credit codes');
  id.command('check')
    .description(
      'check identifiers (18- or 15-character resident identity numbers, 18-character social credit codes)',
    )
    .argument('<code...>', 'identifiers to check')
    .action((codes: string[], _opts: unknown, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      let allValid = true;
      for (const input of codes) {
        const result = checkIdentifier(input, settings.now);
        allValid &&= result.valid;
        if (settings.json) {
          if (!result.valid)
            ctx.printJson({ input, valid: false, reason: result.reason, message: result.message });
          else if (result.scheme === 'cn-ric') {
            ctx.printJson({
              input,
              valid: true,
              scheme: result.scheme,
              normalized: result.normalized,
              birthDate: formatDate(result.birthDate),
              sex: result.sex,
            });
          } else
            ctx.printJson({
              input,
              valid: true,
              scheme: result.scheme,
              normalized: result.normalized,
            });
        } else if (!result.valid) {
          ctx.print(`${input}  invalid (${result.reason}): ${result.message}`);
        } else if (result.scheme === 'cn-ric') {
          ctx.print(
            `${input}  valid resident identity number ${result.normalized}, born ${formatDate(result.birthDate)}, ${result.sex}`,
          );
        } else {
          ctx.print(`${input}  valid unified social credit code ${result.normalized}`);
        }
      }
      ctx.setExitCode(allValid ? EXIT_OK : EXIT_INVALID_INPUT);
    });
}
