// `probity simulate <policy.yaml> [--at <instant>]`: what a draft policy would change on the
// current ledger — grade transitions, list entries gained and lost, the score distribution before
// and after — without writing anything.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { PolicySimulation } from '../../app/policy/policy-draft-simulate.js';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { readTextFile } from '../read-text-file.js';

function describe(s: PolicySimulation): string {
  const lines = [
    `simulated ${s.draft.id}@${s.draft.version} against ${s.current.id}@${s.current.version} at ${s.at} on ${s.subjects} subjects`,
  ];
  lines.push('  grade transitions (from -> to: subjects that move):');
  for (const [from, row] of Object.entries(s.transitions)) {
    for (const [to, n] of Object.entries(row))
      if (from !== to && n > 0) lines.push(`    ${from} -> ${to}: ${n}`);
  }
  lines.push('  lists (before -> after, gained, lost):');
  for (const [list, c] of Object.entries(s.lists))
    lines.push(`    ${list}: ${c.before} -> ${c.after} (+${c.gained}, -${c.lost})`);
  const failing = new Set([
    ...Object.keys(s.ruleErrors.before),
    ...Object.keys(s.ruleErrors.after),
  ]);
  lines.push(
    failing.size === 0
      ? '  rule errors: none'
      : '  rule errors (records a rule failed on, 0 points each; before -> after):',
  );
  for (const rule of failing)
    lines.push(
      `    ${rule}: ${s.ruleErrors.before[rule] ?? 0} -> ${s.ruleErrors.after[rule] ?? 0}`,
    );
  return lines.join('\n');
}

export function registerSimulate(program: Command, ctx: CommandContext): void {
  program
    .command('simulate')
    .description(
      'apply a draft policy to the current ledger without changing anything: grade transitions, list changes, score distribution',
    )
    .argument('<policy>', 'draft policy YAML')
    .option('--at <instant>', 'as of this instant (default: now)')
    .action(async (file: string, opts: { at?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const at = opts.at === undefined ? undefined : parseInstant(opts.at, '--at');
      const text = await readTextFile(file);
      const simulation = await ctx.withApp(settings, (app) =>
        app.simulatePolicy(OPERATOR, { text, at }),
      );
      if (settings.json) ctx.printJson(simulation);
      else ctx.print(describe(simulation));
    });
}
