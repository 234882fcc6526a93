// `probity verify [--out <dir>] [--anchor ...]`: checks the ledger's hash chain from sequence
// number 1 to the head, the audit log's hash chain from its first entry (across the archived
// segments `probity audit archive` wrote, each signature, SHA-256 and link, then the live log), the ledger's copies of
// the publications (what the HTTP door serves) and, when the publications directory exists, every
// publication's files, signature and chain (the use case src/app/audit/integrity-verify.ts).
// Exit 0 with each chain's length and head hash (which operators record elsewhere: see
// ledger-chain.ts and audit-chain.ts for why); exit 1 naming the first broken link.
//
// Anchors, repeatable: `ledger:<seq>:<hash>` for the ledger, `<seq>:<hash>` or
// `audit:<seq>:<hash>` for the audit log, as this command prints them.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { AuditChainBreak, AuditChainHead } from '../../app/audit/audit-chain.js';
import type { AuditLogReport } from '../../app/audit/audit-verify.js';
import type { LedgerChainHead, LedgerChainReport } from '../../app/ledger/ledger-chain.js';
import type { StoredPublicationsReport } from '../../app/publications/publication-copies-verify.js';
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
    case 'segment':
      return b.message ?? `the archived segment holding entry ${b.seq} is broken`;
    default: {
      const never: never = b.problem;
      return never;
    }
  }
}

interface Anchors {
  audit?: AuditChainHead;
  ledger?: LedgerChainHead;
}

function parseAnchors(texts: readonly string[]): Anchors {
  const anchors: Anchors = {};
  for (const text of texts) {
    const match = /^(?:(ledger|audit):)?(\d+):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
    if (!match || Number(match[2]) < 1)
      throw new DomainError(
        'UsageError',
        `--anchor "${text}" is not <seq>:<64 hex digits> (the audit log) or ledger:<seq>:<64 hex digits>, as \`probity verify\` prints them`,
      );
    const chain = match[1] === 'ledger' ? 'ledger' : 'audit';
    if (anchors[chain] !== undefined)
      throw new DomainError('UsageError', `--anchor names the ${chain} twice: give one of each`);
    anchors[chain] = { seq: Number(match[2]), hash: match[3] ?? '' };
  }
  return anchors;
}

function ledgerJson(r: LedgerChainReport): Record<string, unknown> {
  const { rows, headSeq, head, ok } = r;
  return r.ok
    ? { rows, headSeq, head, ok }
    : { rows, headSeq, head, ok, firstBroken: r.firstBroken };
}

function printLedger(ctx: CommandContext, r: LedgerChainReport): void {
  ctx.print(`ledger: ${r.rows} rows, ${r.ok ? 'chain intact' : 'chain BROKEN'}`);
  ctx.print(`  head ${r.head} (sequence ${r.headSeq})`);
  if (r.ok && r.headSeq > 0) {
    ctx.print(
      `  record "ledger:${r.headSeq}:${r.head}" outside Probity; a later \`probity verify --anchor ledger:${r.headSeq}:<hash>\` proves the ledger was not rewritten or cut back since`,
    );
  }
}

function storedJson(r: StoredPublicationsReport): Record<string, unknown> {
  const { ok, versions, firstBroken } = r;
  return { ok, versions, ...(firstBroken === undefined ? {} : { firstBroken }) };
}

function printStored(ctx: CommandContext, r: StoredPublicationsReport): void {
  ctx.print(
    `publications in the ledger: ${r.versions} versions, ${r.ok ? 'copies match their signed manifests' : 'BROKEN'}`,
  );
  for (const p of r.problems.slice(0, 20)) ctx.print(`  broken: ${p.message}`);
  if (r.problems.length > 20) ctx.print(`  ...and ${r.problems.length - 20} more`);
}

function auditJson(r: AuditLogReport): Record<string, unknown> {
  const archive = r.archive === undefined ? {} : { archive: r.archive };
  return r.ok
    ? { entries: r.entries, head: r.head, ok: true, ...archive }
    : { entries: r.entries, head: r.head, ok: false, firstBroken: r.firstBroken, ...archive };
}

function printArchive(ctx: CommandContext, r: AuditLogReport): void {
  const a = r.archive;
  if (a === undefined) return;
  ctx.print(
    `  archive ${a.dir ?? '(no directory recorded)'}: ${a.segments} segments, ${a.entries} entries checked (${a.expired} past their retention: hash kept, content removed), ${r.entries - a.entries} entries live`,
  );
}

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description(
      "verify the ledger's and the audit log's hash chains and the publications (files, signatures, chains and the ledger's copies); name the first broken link",
    )
    .option(
      '--out <dir>',
      `where the publications are (default: $${SETTINGS.publicationsDir.env}, else ${SETTINGS.publicationsDir.default})`,
    )
    .option(
      '--anchor <anchor>',
      'a head recorded earlier from `probity verify`, which must still be there: <seq>:<hash> for the audit log, ledger:<seq>:<hash> for the ledger (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (opts: { out?: string; anchor: string[] }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const anchors = parseAnchors(opts.anchor);
      const { ledger, audit, publications, storedPublications } = await ctx.withApp(
        settings,
        (app) =>
          app.verify(OPERATOR, {
            outDir: resolvePublicationsDir(opts.out, ctx.deps.env),
            anchor: anchors.audit,
            ledgerAnchor: anchors.ledger,
          }),
      );
      if (settings.json) {
        ctx.printJson({
          audit: auditJson(audit),
          ...publicationsJson(publications),
          ledger: ledgerJson(ledger),
          storedPublications: storedJson(storedPublications),
        });
      } else {
        printLedger(ctx, ledger);
        ctx.print(
          `audit log: ${audit.entries} entries, ${audit.ok ? 'chain intact' : 'chain BROKEN'}`,
        );
        ctx.print(`  head ${audit.head}${audit.ok ? ` (entry ${audit.entries})` : ''}`);
        printArchive(ctx, audit);
        if (audit.ok && audit.entries > 0) {
          ctx.print(
            `  record "${audit.entries}:${audit.head}" outside Probity; a later \`probity verify --anchor ${audit.entries}:<hash>\` proves the log was not rewritten or cut back since`,
          );
        }
        printPublications(ctx, publications);
        printStored(ctx, storedPublications);
      }
      if (!ledger.ok)
        throw new DomainError(
          'LedgerChainBroken',
          ledger.firstBroken.message ??
            `ledger row ${ledger.firstBroken.seq}: ${ledger.firstBroken.problem}`,
        );
      if (!audit.ok) throw new DomainError('AuditChainBroken', describeBreak(audit.firstBroken));
      if (publications.found && publications.firstBroken !== undefined) {
        throw new DomainError(
          'PublicationChainBroken',
          `first broken link: ${publications.firstBroken.message}`,
        );
      }
      if (storedPublications.firstBroken !== undefined) {
        throw new DomainError(
          'PublicationChainBroken',
          `first broken link: ${storedPublications.firstBroken.message}`,
        );
      }
    });
}
