// Charter C2 by content, not by label: what a catalogue would record is read from the words it
// uses (category ids, labels, descriptions, field names, enum values), in English, Simplified
// Chinese and pinyin, against the reviewed vocabulary of forbidden-vocabulary.ts. Two rules of
// the same admission keep a category from carrying what the vocabulary cannot see: a text field
// is bounded (an enum, a pattern or a short maxLength), and the legal basis cites an instrument.
//
// These rules apply when a catalogue is admitted (`catalog validate`, `init`, a policy's
// catalogue); a catalogue already stored in the ledger is read without them, so a store made
// before a word was added keeps working and its records stay reproducible (catalog-parse.ts).
//
// Where the words are NOT read, on purpose: `submitters` (agency kinds name who submits, such as
// the `health` regulator of a blood-donation commendation, not what is recorded) and
// `legalBasis` (instrument names legitimately contain the words: the Mental Health Law, the Trade
// Union Law). Institution names inside a scanned text are allowed by the phrases of
// ALLOWED_PHRASES / ALLOWED_CJK only: "public health", "health commission", 卫生健康委员会.
import { isObject, type Obj } from '../documents/plain-object.js';
import { get, join } from '../documents/yaml-values.js';
import {
  ALLOWED_CJK,
  ALLOWED_PHRASES,
  FORBIDDEN_CLASSES,
  type ForbiddenClass,
} from './forbidden-vocabulary.js';

/** One forbidden class found in a text, and the term that found it. */
export interface ForbiddenHit {
  readonly forbidden: ForbiddenClass;
  /** The vocabulary term that matched, as listed. */
  readonly term: string;
}

/**
 * The longest a free-text field may be (an enum or pattern field may use it too): a case or
 * decision number is at most about 40 characters even in Chinese
 * (`（2026）京0105执恢12345号之一`), the reference catalogue bounds them at 64; 128 leaves room for a
 * composite reference and none for a narrative, which is where forbidden content would hide.
 */
export const FREE_TEXT_MAX_LENGTH = 128;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Lower-case words of a name or text: camelCase, kebab-case, snake_case, dots and spaces split. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** A word and the singular forms it may be a plural of (`ethnicities` → `ethnicity`). */
function formsOf(word: string): string[] {
  const forms = [word];
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  if (word.length > 4 && word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.length > 4 && word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  return forms;
}

const split = (phrase: string): string[] => phrase.split(' ');

/** Whether the words at `at` spell `parts` (each word in any of its forms), or one word spells them joined. */
function matchAt(words: readonly string[], at: number, parts: readonly string[]): number {
  if (at + parts.length <= words.length) {
    let all = true;
    for (let i = 0; i < parts.length && all; i++) {
      all = formsOf(words[at + i] ?? '').includes(parts[i] ?? '');
    }
    if (all) return parts.length;
  }
  if (parts.length > 1 && formsOf(words[at] ?? '').includes(parts.join(''))) return 1;
  return 0;
}

const ALLOWED_PARTS = ALLOWED_PHRASES.map(split);
const CLASS_PARTS = FORBIDDEN_CLASSES.map((c) => ({
  forbidden: c,
  terms: c.words.map((w) => ({ term: w, parts: split(w) })),
}));

/** Every forbidden class a text names, once each, in the order of the vocabulary. */
export function forbiddenClassesIn(text: string): ForbiddenHit[] {
  let cjkText = text;
  for (const allowed of ALLOWED_CJK) cjkText = cjkText.split(allowed).join(' ');
  const words = wordsOf(text);
  const blanked = words.slice();
  for (let at = 0; at < words.length; at++) {
    for (const parts of ALLOWED_PARTS) {
      const n = matchAt(words, at, parts);
      for (let i = 0; i < n; i++) blanked[at + i] = '';
    }
  }
  const hits: ForbiddenHit[] = [];
  const hasCjk = CJK.test(cjkText);
  for (const { forbidden, terms } of CLASS_PARTS) {
    let term: string | undefined;
    for (let at = 0; at < blanked.length && term === undefined; at++) {
      if (blanked[at] === '') continue;
      term = terms.find((t) => matchAt(blanked, at, t.parts) > 0)?.term;
    }
    if (term === undefined && hasCjk) term = forbidden.cjk.find((t) => cjkText.includes(t));
    if (term !== undefined) hits.push({ forbidden, term });
  }
  return hits;
}

/** What an admitted catalogue must also satisfy; reported through `add`, one problem each. */
export type ContentProblemCode =
  'CatalogForbiddenContent' | 'CatalogUnboundedText' | 'CatalogMissingLegalBasis';

type Add = (path: string, code: ContentProblemCode, message: string) => void;

/**
 * Checks the words, text fields and legal bases of a raw catalogue (the YAML as plain values), so
 * that these problems come with the structural ones. Values of the wrong shape are skipped:
 * the structural parser reports them.
 */
export function checkCatalogContent(root: Obj, add: Add): void {
  const categories = get(root, 'categories');
  if (!Array.isArray(categories)) return;
  categories.forEach((raw: unknown, index) => {
    if (!isObject(raw)) return;
    const path = `categories[${index}]`;
    const rawId = get(raw, 'id');
    const name = typeof rawId === 'string' ? `category ${rawId}` : `category ${index + 1}`;
    const scan = (where: string, wherePath: string, text: unknown): void => {
      if (typeof text !== 'string') return;
      for (const hit of forbiddenClassesIn(text)) {
        add(
          wherePath,
          'CatalogForbiddenContent',
          `${name}: ${where} names ${hit.forbidden.rule} ("${hit.term}"), which charter C2 forbids: no category may draw on ${hit.forbidden.rule}`,
        );
      }
    };
    scan('its id', join(path, 'id'), rawId);
    scan('its label', join(path, 'label'), get(raw, 'label'));
    const labels = get(raw, 'labels');
    if (isObject(labels)) {
      for (const [language, text] of Object.entries(labels)) {
        scan(`its ${language} label`, join(join(path, 'labels'), language), text);
      }
    }
    scan('its description', join(path, 'description'), get(raw, 'description'));
    checkLegalBasis(get(raw, 'legalBasis'), name, join(path, 'legalBasis'), add);

    const fields = get(raw, 'fields');
    if (!isObject(fields)) return;
    for (const [field, spec] of Object.entries(fields)) {
      const fieldPath = join(join(path, 'fields'), field);
      scan(`field name "${field}"`, fieldPath, field);
      if (!isObject(spec)) continue;
      scan(
        `the description of field "${field}"`,
        join(fieldPath, 'description'),
        get(spec, 'description'),
      );
      const values = get(spec, 'enum');
      if (Array.isArray(values)) {
        values.forEach((value: unknown, i) => {
          scan(`value "${String(value)}" of field "${field}"`, `${fieldPath}.enum[${i}]`, value);
        });
      }
      checkBounded(spec, field, name, fieldPath, add);
    }
  });
}

function checkBounded(spec: Obj, field: string, name: string, path: string, add: Add): void {
  if (get(spec, 'type') !== 'string') return;
  if (get(spec, 'enum') !== undefined || get(spec, 'pattern') !== undefined) return;
  const maxLength = get(spec, 'maxLength');
  if (typeof maxLength === 'number' && maxLength <= FREE_TEXT_MAX_LENGTH) return;
  if (maxLength !== undefined && typeof maxLength !== 'number') return; // reported as a bad value
  add(
    maxLength === undefined ? path : join(path, 'maxLength'),
    'CatalogUnboundedText',
    `${name}: text field "${field}" must declare an enum, a pattern or a maxLength of at most ${FREE_TEXT_MAX_LENGTH}${maxLength === undefined ? '' : ` (not ${String(maxLength)})`}: free text is where data forbidden by charter C2 would slip in`,
  );
}

/** A document marker: an article, section, item or paragraph, a number, 第…条, 〔2016〕33号. */
const CITATION_MARKER =
  /(?:\b(?:arts?|articles?|sec|sections?|paras?|paragraphs?|clauses?|items?|nos?|number)\b\.?\s*[([]?\d)|§\s*\d|第[0-9一二三四五六七八九十百千零〇]+[条款项章节]|[〔[（(]\s*\d{4}\s*[〕\]）)]\s*(?:第\s*)?\d+\s*号|\d+\s*号/iu;

/** Whether a legal basis names an instrument and points into it (policy.md, "The catalogue"). */
export function citesInstrument(text: string): boolean {
  const marker = CITATION_MARKER.exec(text);
  if (marker === null) return false;
  const rest = text.slice(0, marker.index) + text.slice(marker.index + marker[0].length);
  const latinWords = (rest.match(/[A-Za-z]{2,}/g) ?? []).filter(
    (w) => !/^(?:art|arts|article|no|nos|the|of|and|law|n|a)$/i.test(w),
  );
  const cjkChars = (rest.match(/[\u3400-\u9fff]/gu) ?? []).length;
  return latinWords.length >= 1 || cjkChars >= 2;
}

function checkLegalBasis(value: unknown, name: string, path: string, add: Add): void {
  if (typeof value !== 'string' || value.trim() === '') return; // reported by the parser
  if (citesInstrument(value)) return;
  add(
    path,
    'CatalogMissingLegalBasis',
    `${name}: legal basis "${value.length > 60 ? `${value.slice(0, 57)}...` : value}" does not cite an instrument: name the law, regulation or decision and point into it (art. 45, No. 7, section (1), 第十条, 〔2016〕33号) (charter C1)`,
  );
}
