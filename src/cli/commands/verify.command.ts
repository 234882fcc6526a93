// `probity verify [--out <dir>]`: checks the audit log's hash chain from its first entry and, when
// the publications directory exists, every publication's files, signature and chain (the use case
// src/app/audit/integrity-verify.ts). Exit 0 with the number of
// entries and the head hash (which operators record elsewhere: see audit-chain.ts for why);
// exit 1 naming the first broken link.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type {
  AuditChainBreak,
  AuditChainHead,
  AuditChainReport,
} from '../../app/audit/audit-chain.js';
import type { PublicationsReport } from '../../app/publications/publication-verify.js';
import { resolvePublicationsDir } from '../../config/cli-config.js';
import { SETTINGS } from '../../config/settings.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CommandContext } from '../cli-context.js';

function publicationsJson(r: PublicationsReport): Record<string, unknown> {
  if (!r.found) return {};
  const { dir, ok, keyId, lists, firstBroken } = r;
  return {
    publications: { dir, ok, keyId, lists, ...(firstBroken === undefined ? {} : { firstBroken }) },
  };
}

function printPublications(ctx: CommandContext, r: PublicationsReport): void {
  if (!r.found) {
    ctx.print(`publications: no publications (${r.dir} does not exist)`);
    return;
  }
  const versions = r.lists.reduce((n, l) => n + l.versions, 0);
  ctx.print(
    `publications: ${r.dir}: ${r.lists.length} lists, ${versions} versions, ${r.ok ? 'files, signatures and chains intact' : 'BROKEN'}`,
  );
  if (r.keyId !== null) ctx.print(`  authority key ${r.keyId}`);
  for (const l of r.lists) ctx.print(`  ${l.list}: v1..v${l.versions}, head ${l.head || '(none)'}`);
  for (const p of r.problems.slice(0, 20)) ctx.print(`  broken: ${p.message}`);
  if (r.problems.length > 20) ctx.print(`  ...and ${r.problems.length - 20} more`);
}

function describeBreak(b: AuditChainBreak): string {
  switch (b.problem) {
    case 'altered':
      return `entry ${b.seq} was altered: its fields no longer match its hash`;
    case 'missing':
      return `entry ${b.seq} is missing: it was removed from the log`;
    case 'reordered':
      return `entry ${b.seq} is out of order: entries were swapped or moved`;
    case 'hash':
      return `entry ${b.seq} does not chain from entry ${b.seq - 1}: its hash was replaced or an earlier entry rewritten`;
    default: {
      const never: never = b.problem;
      return never;
    }
  }
}

function parseAnchor(text: string): AuditChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!match)
    throw new DomainError(
      'UsageError',
      `--anchor "${text}" is not <seq>:<64 hex digits>, as \`probity verify\` prints it`,
    );
  return { seq: Number(match[1]), hash: match[2] ?? '' };
}

function auditJson(r: AuditChainReport): Record<string, unknown> {
  return r.ok
    ? { entries: r.entries, head: r.head, ok: true }
    : { entries: r.entries, head: r.head, ok: false, firstBroken: r.firstBroken };
}

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description(
      "verify the audit log's hash chain and the publications' files, signatures and chains; name the first broken link",
    )
    .option(
      '--out <dir>',
      `where the publications are (default: $${SETTINGS.publicationsDir.env}, else ${SETTINGS.publicationsDir.default})`,
    )
    .option(
      '--anchor <seq:hash>',
      'an entry and its hash recorded earlier from `probity verify`, which must still be in the log',
    )
    .action(async (opts: { out?: string; anchor?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const anchor = opts.anchor === undefined ? undefined : parseAnchor(opts.anchor);
      const { audit, publications } = await ctx.withApp(settings, (app) =>
        app.verify(OPERATOR, { outDir: resolvePublicationsDir(opts.out, ctx.deps.env), anchor }),
      );
      if (settings.json) {
        ctx.printJson({ audit: auditJson(audit), ...publicationsJson(publications) });
      } else {
        ctx.print(
          `audit log: ${audit.entries} entries, ${audit.ok ? 'chain intact' : 'chain BROKEN'}`,
        );
        ctx.print(`  head ${audit.head}${audit.ok ? ` (entry ${audit.entries})` : ''}`);
        if (audit.ok && audit.entries > 0) {
          ctx.print(
            `  record "${audit.entries}:${audit.head}" outside Probity; a later \`probity verify --anchor ${audit.entries}:<hash>\` proves the log was not rewritten or cut back since`,
          );
        }
        printPublications(ctx, publications);
      }
      if (!audit.ok) throw new DomainError('AuditChainBroken', describeBreak(audit.firstBroken));
      if (publications.found && publications.firstBroken !== undefined) {
        throw new DomainError(
          'PublicationChainBroken',
          `first broken link: ${publications.firstBroken.message}`,
        );
      }
    });
}
