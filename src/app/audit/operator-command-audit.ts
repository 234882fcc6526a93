// Every operator command is in the audit log (issue 10, failure 4): whoever runs `probity` at the
// command line acts as the `operator`, and each command that opens the store leaves one entry,
// written by the command line's context once the command has run, so a new command cannot forget
// it (src/cli/program.ts). The entry: actor `operator`, purpose `oversight` (the operator's, as
// for a check or a read at the command line), action `probity <command>` (e.g.
// `probity agency rotate`: the command as typed, told apart from the entries of the use cases it
// ran, such as `check`), the subject the command names (an identifier, filed under its canonical
// form; `agency:<id>`, `objection:<id>`, `record:<id>`; '' for none), and the outcome `accepted`,
// or `refused <Code>` / `failed` when the command failed.
//
// A command run with a fixed clock on a live store writes nothing (the store refuses every write)
// and has no entry either: an entry dated by a fixed clock would be a false record of when the
// operator acted (app/ledger/live-store-clock.ts).
import { DomainError } from '../../core/errors/domain-error.js';
import type { Caller } from '../access/caller.js';
import { auditEntry, refusalOutcome, type AuditDeps } from './access-audit.js';

export interface OperatorCommand {
  /** The command as typed, without options: `agency rotate`, `import`, `subject close`. */
  readonly command: string;
  /** The subject it names, or ''. */
  readonly subject: string;
  /** Why the command failed; undefined when it succeeded. */
  readonly error?: unknown;
}

/** The action an operator command is audited under. */
export function commandAction(command: string): string {
  return `probity ${command}`;
}

export async function auditOperatorCommand(
  deps: AuditDeps,
  caller: Caller,
  command: OperatorCommand,
): Promise<void> {
  const outcome = command.error === undefined ? 'accepted' : refusalOutcome(command.error);
  const access = {
    caller,
    purpose: 'oversight',
    action: commandAction(command.command),
    subject: command.subject,
  };
  try {
    await deps.audit.record([auditEntry(access, deps.clock(), outcome)]);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'ClockFixedOnLiveStore') return;
    throw error;
  }
}
