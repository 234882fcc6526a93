// What text Probity stores, and how it quotes text back. Every door (HTTP, the CLI, record files)
// and every use case share these rules, so that what is hashed, what is stored and what is read
// back are the same characters on both dialects.
//
// Storable text is well-formed Unicode without NUL:
// - NUL (U+0000): PostgreSQL's `text` and `jsonb` refuse it outright, and SQLite functions stop at
//   it, so a value holding one fails on one dialect and is cut short on the other;
// - a lone surrogate (a UTF-16 code unit U+D800–U+DFFF without its pair, which JSON's `\ud800`
//   escape can produce): it has no UTF-8 encoding, so the driver writes U+FFFD instead and the
//   bytes stored are not the bytes hashed.
// Every other character (controls, noncharacters, right-to-left marks) is stored and read back as
// it was sent.
//
// Quoting: a message that names a caller's input quotes at most `EXCERPT_LENGTH` characters of it
// (`excerpt`, `quoted`), with unstorable characters written as escapes, so that an error never
// echoes an 11 MB value back and is itself always storable.

/** How many characters of a caller's input an error message quotes. */
export const EXCERPT_LENGTH = 64;

/** What makes text unstorable, and where (a UTF-16 index). */
export interface TextFlaw {
  readonly kind: 'nul' | 'lone-surrogate';
  readonly index: number;
  /** The offending code unit, e.g. `U+0000`, `U+D800`. */
  readonly unit: string;
}

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high
// one. Without the `u` flag the lookarounds see UTF-16 code units, which is what is wanted here.
const UNSTORABLE_SOURCE =
  '\\0|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);

function unstorableEverywhere(): RegExp {
  return new RegExp(UNSTORABLE_SOURCE, 'g');
}

function hex(unit: number): string {
  return `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first reason `text` cannot be stored as it is, or undefined when it can. */
export function textFlaw(text: string): TextFlaw | undefined {
  const match = UNSTORABLE.exec(text);
  if (match === null) return undefined;
  const unit = text.charCodeAt(match.index);
  return { kind: unit === 0 ? 'nul' : 'lone-surrogate', index: match.index, unit: hex(unit) };
}

export function isStorableText(text: string): boolean {
  return textFlaw(text) === undefined;
}

/** What is wrong with a flawed text, in words: `contains a NUL character (U+0000) at position 3`. */
export function describeTextFlaw(flaw: TextFlaw): string {
  const what =
    flaw.kind === 'nul'
      ? `a NUL character (${flaw.unit})`
      : `a lone surrogate (${flaw.unit}), which is not a Unicode character`;
  return `contains ${what} at position ${flaw.index + 1}; text must be valid Unicode without NUL`;
}

/** `text` with every NUL and lone surrogate replaced by U+FFFD (for records of what was asked). */
export function storableText(text: string): string {
  return isStorableText(text) ? text : text.replace(unstorableEverywhere(), '\uFFFD');
}

/** Writes NUL and lone surrogates as visible escapes (`\u0000`, `\ud800`), leaving the rest. */
function escapeUnstorable(text: string): string {
  return text.replace(
    unstorableEverywhere(),
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * At most `max` characters of `text` (whole code points: a pair is never split), followed by `…`
 * when something was left out, with NUL and lone surrogates escaped. For messages that quote input.
 */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  if (text.length <= max) return escapeUnstorable(text);
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // keep a pair whole
  return `${escapeUnstorable(text.slice(0, end))}…`;
}

/** `"<excerpt>"`: how a message quotes a caller's text. */
export function quoted(text: string, max: number = EXCERPT_LENGTH): string {
  return `"${excerpt(text, max)}"`;
}

/**
 * A short description of any value a caller sent, for messages: text is quoted as an excerpt,
 * numbers, booleans and null as themselves, arrays and objects by their kind (never serialised:
 * a value nested 10 000 deep or 10 MB wide must not be walked to say that it is the wrong type).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
