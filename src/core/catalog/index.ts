// The catalogue room's public surface: types, the parser, and record-field validation.
export type {
  Catalog,
  Category,
  Effect,
  FieldSpec,
  FieldType,
  Polarity,
  Tier,
} from './catalog-types.js';
export { FIELD_TYPES, POLARITIES, SUBJECT_KINDS, TIERS } from './catalog-types.js';
export type { LabelLanguage, Labels } from './labels.js';
export { LABEL_LANGUAGES, LABEL_MAX_LENGTH, parseLabels } from './labels.js';
export type { DataClass } from './data-classes.js';
export {
  DATA_CLASSES,
  FORBIDDEN_DATA_CLASSES,
  forbiddenDataClassRule,
  isDataClass,
} from './data-classes.js';
export type { TierDefault } from './tier-defaults.js';
export {
  DEFAULT_ENDS_WHEN_FULFILLED,
  DEFAULT_OBJECTION_DEADLINE,
  FAVOURABLE_MAX_DURATION,
  TIER_DEFAULTS,
} from './tier-defaults.js';
export type { ForbiddenClass } from './forbidden-vocabulary.js';
export { C2_CLAUSE, FORBIDDEN_CLASSES } from './forbidden-vocabulary.js';
export type { ForbiddenHit } from './catalog-content.js';
export {
  FREE_TEXT_MAX_LENGTH,
  citesInstrument,
  forbiddenClassesIn,
  wordsOf,
} from './catalog-content.js';
export type {
  CatalogParseOptions,
  CatalogParseResult,
  CatalogProblemCode,
} from './catalog-parse.js';
export { CATALOG_PROBLEM_CODES, parseCatalog } from './catalog-parse.js';
export type {
  RecordFieldProblemCode,
  RecordFieldsOptions,
  RecordFieldsResult,
} from './record-fields.js';
export {
  DEFAULT_MAX_STRING_LENGTH,
  RECORD_FIELD_PROBLEM_CODES,
  validateRecordFields,
} from './record-fields.js';
