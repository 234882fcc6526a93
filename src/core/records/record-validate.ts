// Validates one submitted record against everything that can be known without the ledger: a
// checksum-valid identifier (C10), a category of the closed catalogue (C1) that this agency's kind
// may submit and that applies to this kind of subject, typed fields, a time of conduct that is not
// in the future, and a person who was an adult at that time (C4). Every problem is reported, not
// just the first. What needs the ledger (duplicates, closed subjects) is checked at append time.
// First of all, the record must be storable text nested a few levels at most (core/text): a
// record with a NUL or a lone surrogate anywhere, or nested deeper than the limit, is refused with
// `InvalidText` (or `TooDeep`) at its path and nothing else is checked. Messages quote the
// record's values as short excerpts.
import type { Catalog, Category } from '../catalog/index.js';
import { validateRecordFields } from '../catalog/index.js';
import { isObject } from '../documents/plain-object.js';
import type { Problem } from '../errors/domain-error.js';
import { checkIdentifier, invalidIdentifierMessage } from '../identifiers/index.js';
import type { RecordFields, SubjectKind } from '../ledger/ledger-types.js';
import { adultFrom, isAdultAt } from '../subjects/adulthood.js';
import { inputProblems } from '../text/json-input.js';
import { quoted } from '../text/storable-text.js';
import { formatDate, tryParseInstant, type Instant } from '../time/instant.js';

const MAX_SOURCE_REF_LENGTH = 200;

/** A record that passed validation, ready to be appended. */
export interface ValidRecord {
  readonly sourceRef: string;
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  readonly birthDate: Instant | undefined;
  readonly category: Category;
  readonly occurredAt: Instant;
  readonly fields: RecordFields;
}

export interface RecordContext {
  readonly catalog: Catalog;
  readonly agencyKind: string;
  readonly now: Instant;
  /** Field values arrive as text (CSV cells) and are converted by their declared type. */
  readonly fieldsFromText?: boolean;
}

export type RecordValidation =
  | { readonly ok: true; readonly record: ValidRecord }
  | { readonly ok: false; readonly sourceRef: string | undefined; readonly problems: Problem[] };

const KNOWN_KEYS = new Set(['sourceRef', 'subject', 'category', 'occurredAt', 'fields']);

export function validateRecord(input: unknown, ctx: RecordContext): RecordValidation {
  if (!isObject(input)) {
    return {
      ok: false,
      sourceRef: undefined,
      problems: [{ path: '', code: 'MalformedRecord', message: 'a record must be a JSON object' }],
    };
  }
  const unstorable = inputProblems(input);
  if (unstorable.length > 0) {
    const ref = input['sourceRef'];
    const storableRef =
      typeof ref === 'string' && !unstorable.some((p) => p.path === 'sourceRef') ? ref : undefined;
    return { ok: false, sourceRef: storableRef, problems: unstorable };
  }
  const problems: Problem[] = [];
  const problem = (path: string, code: string, message: string): void => {
    problems.push({ path, code, message });
  };

  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) {
      problem(
        key,
        'UnknownProperty',
        `${quoted(key)} is not a record property (sourceRef, subject, category, occurredAt, fields)`,
      );
    }
  }

  const { sourceRef, subject, category: categoryId, occurredAt, fields } = input;
  let ref: string | undefined;
  if (typeof sourceRef !== 'string' || sourceRef.trim() === '') {
    problem(
      'sourceRef',
      'SourceRefMissing',
      "sourceRef (the agency's own id for the record) is required",
    );
  } else if (sourceRef.length > MAX_SOURCE_REF_LENGTH) {
    problem(
      'sourceRef',
      'SourceRefInvalid',
      `sourceRef is longer than ${MAX_SOURCE_REF_LENGTH} characters`,
    );
  } else {
    ref = sourceRef;
  }

  let subjectKind: SubjectKind | undefined;
  let normalized: string | undefined;
  let birthDate: Instant | undefined;
  if (typeof subject !== 'string' || subject === '') {
    problem(
      'subject',
      'SubjectMissing',
      'subject (a resident identity number or unified social credit code) is required',
    );
  } else {
    const id = checkIdentifier(subject, ctx.now);
    if (!id.valid) {
      problem('subject', 'InvalidIdentifier', `subject ${invalidIdentifierMessage(subject, id)}`);
    } else {
      subjectKind = id.kind;
      normalized = id.normalized;
      birthDate = id.scheme === 'cn-ric' ? id.birthDate : undefined;
    }
  }

  let category: Category | undefined;
  if (typeof categoryId !== 'string' || categoryId === '') {
    problem('category', 'CategoryMissing', 'category is required');
  } else {
    category = ctx.catalog.byId.get(categoryId);
    if (!category) {
      problem(
        'category',
        'UnknownCategory',
        `category ${quoted(categoryId)} is not in the catalogue`,
      );
    } else {
      if (!category.submitters.includes(ctx.agencyKind)) {
        problem(
          'category',
          'SubmitterNotAllowed',
          `an agency of kind "${ctx.agencyKind}" may not submit "${category.id}" (submitters: ${category.submitters.join(', ')})`,
        );
      }
      if (subjectKind && !category.subjects.includes(subjectKind)) {
        problem(
          'subject',
          'SubjectKindNotAllowed',
          `"${category.id}" does not apply to ${subjectKind === 'person' ? 'persons' : 'organizations'} (subjects: ${category.subjects.join(', ')})`,
        );
      }
    }
  }

  let occurred: Instant | undefined;
  if (typeof occurredAt !== 'string') {
    problem('occurredAt', 'OccurredAtMissing', 'occurredAt (the date of the conduct) is required');
  } else {
    occurred = tryParseInstant(occurredAt);
    if (occurred === undefined) {
      problem(
        'occurredAt',
        'InvalidInstant',
        `occurredAt ${quoted(occurredAt)} is not a date (YYYY-MM-DD) or an ISO 8601 instant with a zone`,
      );
    } else if (occurred > ctx.now) {
      problem('occurredAt', 'OccurredInFuture', `occurredAt ${occurredAt} is in the future`);
    } else if (birthDate !== undefined) {
      if (occurred < birthDate) {
        problem(
          'occurredAt',
          'OccurredBeforeBirth',
          `occurredAt ${occurredAt} is before the subject's birth (${formatDate(birthDate)})`,
        );
      } else if (!isAdultAt(birthDate, occurred)) {
        problem(
          'subject',
          'SubjectMinor',
          `the subject was a minor on ${formatDate(occurred)} (18 on ${formatDate(adultFrom(birthDate))}): records about minors are refused (charter C4)`,
        );
      }
    }
  }

  let validFields: RecordFields | undefined;
  if (category) {
    const checked = validateRecordFields(category, fields ?? {}, {
      fromText: ctx.fieldsFromText ?? false,
    });
    if (checked.ok) validFields = checked.fields;
    else problems.push(...checked.problems);
  }

  if (
    problems.length > 0 ||
    !ref ||
    !normalized ||
    !subjectKind ||
    !category ||
    occurred === undefined ||
    !validFields
  ) {
    return { ok: false, sourceRef: ref, problems };
  }
  return {
    ok: true,
    record: {
      sourceRef: ref,
      subject: normalized,
      subjectKind,
      birthDate,
      category,
      occurredAt: occurred,
      fields: validFields,
    },
  };
}
