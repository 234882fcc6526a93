// `probity policy validate <file>`, `probity policy activate <file> [--from <instant>]` and
// `probity policy errors [--at <instant>]`. Validating needs no store (and must not create one);
// activating stores a version in the ledger; `errors` counts the rule errors of the version in force.
import type { Command } from 'commander';
import { join } from 'node:path';
import { OPERATOR } from '../../app/access/caller.js';
import { catalogToValidateAgainst, validatePolicy } from '../../app/probity-app.js';
import { formatInstant, parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { EXIT_INVALID_INPUT } from '../exit-codes.js';
import { readTextFile } from '../read-text-file.js';

export function registerPolicy(program: Command, ctx: CommandContext): void {
  const policy = program
    .command('policy')
    .description('scoring policies: rules, grades, lists and measures');
  policy
    .command('validate')
    .description(
      'validate a policy against a catalogue (default: the reference one); exit 1 with every problem',
    )
    .argument('<file>', 'policy YAML')
    .option('--catalog <file>', 'the catalogue the policy is for (default: policies/catalog.yaml)')
    .action(async (file: string, opts: { catalog?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const catalogFile = opts.catalog ?? join(ctx.deps.policiesDir, 'catalog.yaml');
      const catalog = catalogToValidateAgainst(await readTextFile(catalogFile), catalogFile);
      const result = validatePolicy(await readTextFile(file), catalog);
      if (settings.json) ctx.printJson(result);
      else if (result.valid)
        ctx.print(
          `${file}: valid, policy ${result.policy} version ${result.version}: ${result.rules} rules, ${result.lists} lists, ${result.measures} measures`,
        );
      else
        for (const p of result.problems)
          ctx.print(`${p.path || '(document)'}: ${p.code}: ${p.message}`);
      if (!result.valid) ctx.setExitCode(EXIT_INVALID_INPUT);
    });
  policy
    .command('activate')
    .description(
      "validate and store a new policy version, in force from an instant (default: the document's effectiveFrom, else now)",
    )
    .argument('<file>', 'policy YAML')
    .option('--from <instant>', 'in force from this instant')
    .action(async (file: string, opts: { from?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const text = await readTextFile(file);
      const from = opts.from === undefined ? undefined : parseInstant(opts.from, '--from');
      const result = await ctx.withApp(settings, (app) =>
        app.activatePolicy(OPERATOR, { text, from }),
      );
      const view = {
        policy: result.policy,
        version: result.version,
        effectiveFrom: formatInstant(result.effectiveFrom),
        added: result.added,
      };
      if (settings.json) ctx.printJson(view);
      else
        ctx.print(
          `policy ${view.policy} version ${view.version} ${view.added ? 'activated' : 'was active already'}, in force from ${view.effectiveFrom}`,
        );
    });
  policy
    .command('errors')
    .description(
      'count, per rule, the records in force that the policy in force fails on at run time (rule errors: 0 points each, shown in the explanations)',
    )
    .option('--at <instant>', 'as of this instant (default: now)')
    .action(async (opts: { at?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const at = opts.at === undefined ? undefined : parseInstant(opts.at, '--at');
      const report = await ctx.withApp(settings, (app) => app.ruleErrors(OPERATOR, { at }));
      if (settings.json) ctx.printJson(report);
      else {
        ctx.print(
          `policy ${report.policy} version ${report.version} at ${report.at}: ${report.total === 0 ? 'no rule errors' : `${report.total} rule error${report.total === 1 ? '' : 's'}`}`,
        );
        for (const [rule, n] of Object.entries(report.ruleErrors))
          ctx.print(`  ${rule}: ${n} record${n === 1 ? '' : 's'} (0 points each)`);
      }
    });
}
