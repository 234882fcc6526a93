// The documentation must stand on its own in a fresh clone: README.md, bench/README.md and every
// page of docs/ may link only to files the repository holds, and may not name, even in plain text or
// code, a path that climbs out of the repository: a reader of a clone has nothing there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The documents a reader meets, as paths relative to the repository root. */
function documents(): string[] {
  const pages = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'bench/README.md', ...pages];
}

/** Folders .gitignore keeps out of the repository (build output, local data): absent in a clone. */
function ignoredFolders(): string[] {
  return readFileSync(join(ROOT, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.endsWith('/') && !line.startsWith('#') && !line.includes('*'))
    .map((line) => line.replace(/^\//, ''));
}

interface Link {
  readonly line: number;
  readonly target: string;
}

/**
 * The link targets of a markdown text: inline links and images `[text](target "title")` and
 * reference definitions `[label]: target`. Fenced code blocks and inline code spans are skipped,
 * since a link shown as code is an example, not a link.
 */
function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, index) => {
    const opening = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (fence !== undefined) {
      if (
        opening?.[1] !== undefined &&
        opening[1][0] === fence[0] &&
        opening[1].length >= fence.length
      )
        fence = undefined;
      return;
    }
    if (opening?.[1] !== undefined) {
      fence = opening[1];
      return;
    }
    const text = raw.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '``');
    const line = index + 1;
    for (const m of text.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)) {
      links.push({ line, target: (m[1] ?? '').replace(/^<|>$/g, '') });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(text);
    if (definition?.[1] !== undefined) {
      links.push({ line, target: definition[1].replace(/^<|>$/g, '') });
    }
  });
  return links;
}

/** Links that leave the repository on purpose: the web, mail, and anchors within the page. */
function isExternal(target: string): boolean {
  return /^(https?:|mailto:)/i.test(target) || target.startsWith('#');
}

/** Why a relative link does not resolve inside the repository, or undefined when it does. */
function brokenBecause(
  document: string,
  target: string,
  ignored: readonly string[],
): string | undefined {
  const path = decodeURI(target.replace(/[#?].*$/, ''));
  if (path === '') return 'an empty target';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return 'a scheme other than http(s) or mailto';
  if (isAbsolute(path)) return 'an absolute path';
  const inRepository = relative(ROOT, resolve(ROOT, dirname(document), path)).replaceAll('\\', '/');
  if (inRepository === '..' || inRepository.startsWith('../'))
    return 'a path outside the repository';
  const folder = ignored.find((f) => `${inRepository}/`.startsWith(f));
  if (folder !== undefined) return `a path under ${folder}, which .gitignore keeps out of a clone`;
  if (!existsSync(join(ROOT, inRepository))) return 'no such file';
  return undefined;
}

/** Paths written anywhere in a text (prose, code spans, fences) that climb with `../`. */
function climbingPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w.])((?:\.\.\/)+[\w.-][\w./-]*)/g)].map((m) => m[1] ?? '');
}

function leavesRepository(document: string, path: string): boolean {
  const inRepository = relative(ROOT, resolve(ROOT, dirname(document), path)).replaceAll('\\', '/');
  return inRepository === '..' || inRepository.startsWith('../');
}

describe('the documentation', () => {
  it('reads README.md, bench/README.md and every page of docs/', () => {
    const found = documents();
    expect(found.slice(0, 2)).toEqual(['README.md', 'bench/README.md']);
    expect(found).toContain('docs/charter.md');
    expect(found).toContain('docs/policy.md');
    expect(found.every((d) => existsSync(join(ROOT, d)))).toBe(true);
  });

  it('finds inline, image and reference links, and leaves code alone', () => {
    const text = [
      'See [the charter](docs/charter.md) and ![a chart](img/c.png "title").',
      '[ref]: <docs/policy.md>',
      'Code: `[not a link](nowhere.md)`.',
      '```md',
      '[also not](inside-a-fence.md)',
      '```',
      'Then [a section](#anchors), [mail](mailto:x@example.org) and [the web](https://example.org).',
    ].join('\n');
    expect(linksOf(text).map((l) => l.target)).toEqual([
      'docs/charter.md',
      'img/c.png',
      'docs/policy.md',
      '#anchors',
      'mailto:x@example.org',
      'https://example.org',
    ]);
  });

  it('every relative link in the docs resolves inside the repository', () => {
    const ignored = ignoredFolders();
    const broken: string[] = [];
    for (const document of documents()) {
      const text = readFileSync(join(ROOT, document), 'utf8');
      for (const { line, target } of linksOf(text)) {
        if (isExternal(target)) continue;
        const why = brokenBecause(document, target, ignored);
        if (why !== undefined) broken.push(`${document}:${line}: ${target} (${why})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('finds the paths that climb out of a document, and only those', () => {
    expect(climbingPaths('see ../x/notes.md, `../../y.md` and ./z.md or a..b')).toEqual([
      '../x/notes.md',
      '../../y.md',
    ]);
    expect(leavesRepository('README.md', '../x/notes.md')).toBe(true);
    expect(leavesRepository('docs/ledger.md', '../README.md')).toBe(false);
    expect(leavesRepository('docs/ledger.md', '../../y.md')).toBe(true);
  });

  it('no document names a path outside the repository, even in plain text', () => {
    const mentions: string[] = [];
    for (const document of documents()) {
      readFileSync(join(ROOT, document), 'utf8')
        .split('\n')
        .forEach((text, index) => {
          for (const path of climbingPaths(text)) {
            if (leavesRepository(document, path))
              mentions.push(`${document}:${index + 1}: ${path}`);
          }
        });
    }
    expect(mentions).toEqual([]);
  });
});
