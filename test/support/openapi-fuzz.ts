// Requests made from an OpenAPI document, for the fuzzer of the HTTP API
// (test/http/openapi-fuzz.e2e.test.ts): for each operation, fast-check arbitraries of its path
// parameters, query and body built from their JSON schemas, with valid-looking values (known
// subjects, records, measures: `FuzzHints`) and hostile ones (lone surrogates, NUL, 10 000-deep
// nesting, huge numbers, wrong types, huge strings, unknown properties, malformed JSON).
//
// A generated request is a small description, not the bytes: hostile values are named markers
// (`<lone-surrogate>`) turned into text only when the request is sent, so a failing case prints
// in a line or two and reruns exactly from its seed.
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// The value model: JSON with named hostile markers. Objects are lists of entries, so keys such as
// `__proto__` are plain data here and reach the server as written.

export class Hostile {
  constructor(readonly name: HostileName) {}
  [fc.toStringMethod](): string {
    return `<${this.name}>`;
  }
}

export class Obj {
  constructor(readonly entries: readonly (readonly [string, Value])[]) {}
  [fc.toStringMethod](): string {
    return `{${this.entries.map(([k, v]) => `${JSON.stringify(k)}:${show(v)}`).join(',')}}`;
  }
}

export type Value = null | boolean | number | string | Hostile | Obj | readonly Value[];

const isList = (v: unknown): v is readonly Value[] => Array.isArray(v);

/** A compact, readable form of a value (hostile markers by name, long strings cut). */
export function show(v: Value): string {
  if (v instanceof Hostile || v instanceof Obj) return v[fc.toStringMethod]();
  if (isList(v)) return `[${v.map(show).join(',')}]`;
  if (typeof v === 'string') {
    const s = JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…(${v.length} chars)` : v);
    return s;
  }
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// Hostile values, each as JSON text (in a body) and as URL text (in a path or query).

/** Huge strings are made of this letter, so an answer that echoes one is easy to find. */
export const HUGE_LETTER = 'Z';
/** An error answer may quote a short excerpt of the input, never this many characters of it. */
export const ECHO_LIMIT = 1_000;

const DEPTH = 10_000;

interface HostileText {
  readonly json: string;
  readonly url: string;
}

const HOSTILE_TEXT = {
  'lone-surrogate': { json: '"\\ud800"', url: '%ED%A0%80' },
  'lone-low-surrogate-inside': { json: '"11010\\udfff5"', url: '11010%ED%BF%BF5' },
  'reversed-surrogates': { json: '"\\udc00\\ud800"', url: '%ED%B0%80%ED%A0%80' },
  nul: { json: '"\\u0000"', url: '%00' },
  'nul-inside': { json: '"ab\\u0000cd"', url: 'ab%00cd' },
  'control-chars': { json: '"\\u0001\\u001b[31m\\r\\n"', url: '%01%1B%5B31m%0D%0A' },
  empty: { json: '""', url: '' },
  blank: { json: '"   "', url: '%20%20%20' },
  'bidi-override': { json: '"\\u202e110105"', url: '%E2%80%AE110105' },
  emoji: { json: '"😀👨‍👩‍👧"', url: '%F0%9F%98%80' },
  'sql-quote': {
    json: `"'; drop table records; --"`,
    url: "'%3B%20drop%20table%20records%3B%20--",
  },
  'path-traversal': { json: '"../../../etc/passwd"', url: '..%2F..%2F..%2Fetc%2Fpasswd' },
  'format-string': { json: '"%s%n%x"', url: '%25s%25n%25x' },
  'invalid-percent': { json: '"%ZZ%"', url: '%ZZ%' },
  'overlong-utf8': { json: '"\\u00c0\\u00af"', url: '%C0%AF' },
  'digits-string': { json: '"99999999999999999999"', url: '99999999999999999999' },
  'huge-integer': { json: '99999999999999999999', url: '99999999999999999999' },
  'huge-negative': { json: '-99999999999999999999', url: '-99999999999999999999' },
  'max-double': { json: '1e308', url: '1e308' },
  'beyond-double': { json: '1e999', url: '1e999' },
  'unsafe-integer': { json: '9007199254740993', url: '9007199254740993' },
  'int64-max': { json: '9223372036854775807', url: '9223372036854775807' },
  'int32-overflow': { json: '2147483648', url: '2147483648' },
  negative: { json: '-1', url: '-1' },
  zero: { json: '0', url: '0' },
  'negative-zero': { json: '-0', url: '-0' },
  fraction: { json: '1.5', url: '1.5' },
  'tiny-fraction': { json: '5e-324', url: '5e-324' },
  'hex-string': { json: '"0x10"', url: '0x10' },
  true: { json: 'true', url: 'true' },
  false: { json: 'false', url: 'false' },
  null: { json: 'null', url: 'null' },
  'empty-array': { json: '[]', url: '%5B%5D' },
  'array-of-one': { json: '[1]', url: '%5B1%5D' },
  'empty-object': { json: '{}', url: '%7B%7D' },
  object: { json: '{"a":1}', url: '%7B%22a%22%3A1%7D' },
  'proto-pollution': { json: '{"__proto__":{"polluted":true}}', url: '__proto__' },
  'constructor-pollution': {
    json: '{"constructor":{"prototype":{"polluted":true}}}',
    url: 'constructor',
  },
  'deep-array': { json: '['.repeat(DEPTH) + ']'.repeat(DEPTH), url: '%5B'.repeat(DEPTH) },
  'deep-object': {
    json: '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH),
    url: '%7B'.repeat(DEPTH),
  },
  'long-string': { json: JSON.stringify('x'.repeat(70_000)), url: 'x'.repeat(70_000) },
  'huge-string': {
    json: JSON.stringify(HUGE_LETTER.repeat(2_000_000)),
    url: HUGE_LETTER.repeat(20_000),
  },
} as const satisfies Record<string, HostileText>;

export type HostileName = keyof typeof HOSTILE_TEXT;

/**
 * The hostile values by kind of attack. A kind is drawn first, then one of its values, so that
 * each kind is tried as often as any other however many values it has.
 */
const HOSTILE_KINDS: Readonly<Record<string, readonly HostileName[]>> = {
  'unstorable text': [
    'lone-surrogate',
    'lone-low-surrogate-inside',
    'reversed-surrogates',
    'nul',
    'nul-inside',
  ],
  'odd text': [
    'control-chars',
    'empty',
    'blank',
    'bidi-override',
    'emoji',
    'sql-quote',
    'path-traversal',
    'format-string',
    'invalid-percent',
    'overlong-utf8',
    'digits-string',
    'hex-string',
  ],
  'huge numbers': [
    'huge-integer',
    'huge-negative',
    'max-double',
    'beyond-double',
    'unsafe-integer',
    'int64-max',
    'int32-overflow',
  ],
  'small numbers': ['negative', 'zero', 'negative-zero', 'fraction', 'tiny-fraction'],
  'wrong types': [
    'true',
    'false',
    'null',
    'empty-array',
    'array-of-one',
    'empty-object',
    'object',
    'proto-pollution',
    'constructor-pollution',
  ],
  'deep nesting': ['deep-array', 'deep-object'],
  'huge strings': ['long-string', 'huge-string'],
};

/** Whole bodies that are not what any route takes: malformed JSON and the wrong top-level types. */
const RAW_BODIES = {
  'truncated-json': '{"records":[{"sourceRef":"a",',
  'open-brace': '{',
  'not-json': 'records=1&subject=2',
  'empty-body': '',
  'trailing-garbage': '{"a":1} trailing',
  'single-quotes': "{'a':1}",
  'bom-prefixed': '\ufeff{"a":1}',
  'duplicate-keys': '{"seq":1,"seq":"one"}',
  'top-level-array': '[{"a":1}]',
  'top-level-null': 'null',
  'top-level-string': '"records"',
  'top-level-number': '99999999999999999999',
  'deep-body': '['.repeat(DEPTH) + ']'.repeat(DEPTH),
  'deep-object-body': '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH),
  'proto-body': '{"__proto__":{"isAdmin":true},"records":[]}',
  'constructor-body': '{"constructor":{"prototype":{"isAdmin":true}}}',
  'lone-surrogate-key': '{"\\ud800":1}',
  'nul-key': '{"\\u0000":1}',
  'invalid-escape': '{"a":"\\x41"}',
  'raw-control-char': '{"a":"\u0001"}',
  'nan-literal': '{"seq":NaN}',
  'huge-body-string': `{"records":${JSON.stringify(HUGE_LETTER.repeat(3_000_000))}}`,
} as const;

export type RawBodyName = keyof typeof RAW_BODIES;

export class RawBody {
  constructor(readonly name: RawBodyName) {}
  [fc.toStringMethod](): string {
    return `<raw ${this.name}>`;
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  '',
] as const;

// ---------------------------------------------------------------------------------------------
// Turning values into text.

/** A string as URL text: UTF-8 percent-encoding, lone surrogates as their (invalid) 3 bytes. */
export function urlEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(s[i] ?? '');
    }
  }
  return out;
}

export function jsonText(v: Value | RawBody): string {
  if (v instanceof RawBody) return RAW_BODIES[v.name];
  if (v instanceof Hostile) return HOSTILE_TEXT[v.name].json;
  if (v instanceof Obj)
    return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
  if (isList(v)) return `[${v.map((x: Value) => jsonText(x)).join(',')}]`;
  return JSON.stringify(v);
}

export function urlText(v: Value | undefined): string {
  if (v === undefined) return '';
  if (v instanceof Hostile) return HOSTILE_TEXT[v.name].url;
  if (typeof v === 'string') return urlEncode(v);
  if (v instanceof Obj || isList(v)) return urlEncode(jsonText(v));
  return String(v);
}

/** Whether a value holds a huge string (an answer must not echo it). */
export function holdsHuge(v: Value | RawBody | undefined): boolean {
  if (v instanceof RawBody) return v.name === 'huge-body-string';
  if (v instanceof Hostile) return v.name === 'huge-string';
  if (v instanceof Obj) return v.entries.some(([, x]) => holdsHuge(x));
  if (isList(v)) return v.some((x: Value) => holdsHuge(x));
  return false;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries from JSON schemas.

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export interface JsonSchema {
  readonly type?: JsonType;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
}

/** Valid-looking values by property or parameter name (`name` or `name:type`). */
export type FuzzHints = Readonly<Record<string, fc.Arbitrary<Value>>>;

const hostile: fc.Arbitrary<Value> = fc.oneof(
  ...Object.values(HOSTILE_KINDS).map((names) =>
    fc.constantFrom(...names).map((n) => new Hostile(n)),
  ),
);

/** Any small JSON value, for free-form objects and wrong types. */
const anyJson: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 12 }),
    fc.array(tie('v'), { maxLength: 3 }),
    fc
      .array(fc.tuple(fc.string({ maxLength: 8 }), tie('v')), { maxLength: 3 })
      .map((entries) => new Obj(entries)),
  ),
})).v;

function hintFor(hints: FuzzHints, name: string, type: string | undefined) {
  return hints[`${name}:${type ?? ''}`] ?? hints[name];
}

/** Values a schema accepts, mostly, and some it does not (strings of any code point). */
export function schemaArbitrary(
  schema: JsonSchema,
  name: string,
  hints: FuzzHints,
): fc.Arbitrary<Value> {
  const hinted = hintFor(hints, name, schema.type);
  const own = plainArbitrary(schema, name, hints);
  return hinted ? fc.oneof({ arbitrary: hinted, weight: 3 }, { arbitrary: own, weight: 1 }) : own;
}

function plainArbitrary(schema: JsonSchema, name: string, hints: FuzzHints): fc.Arbitrary<Value> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as Value[]));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, name, hints)));
  switch (schema.type ?? 'any') {
    case 'string': {
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
      const strings: fc.Arbitrary<Value>[] = [
        fc.string({ minLength, maxLength }),
        fc.string({ unit: 'binary', minLength, maxLength }),
      ];
      if (schema.pattern) strings.push(fc.stringMatching(new RegExp(schema.pattern)));
      return fc.oneof(...strings);
    }
    case 'integer':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 }),
        fc.integer(),
      );
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schemaArbitrary(schema.items ?? {}, name, hints), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const known = fc.tuple(
        ...properties.map(([key, s]) => {
          const value = schemaArbitrary(s, key, hints).map((v) => [key, v] as const);
          return required.has(key) ? value : fc.option(value, { nil: undefined });
        }),
      );
      const extra =
        properties.length === 0 && schema.additionalProperties !== false
          ? fc.array(fc.tuple(fc.string({ maxLength: 10 }), anyJson), { maxLength: 3 })
          : fc.constant([] as [string, Value][]);
      return fc
        .tuple(known, extra)
        .map(
          ([entries, more]) =>
            new Obj([...entries.filter((e) => e !== undefined), ...more] as [string, Value][]),
        );
    }
    case 'null':
    case 'any':
      return anyJson;
  }
}

// ---------------------------------------------------------------------------------------------
// Making a valid-looking value hostile: replace a node with a hostile or wrongly typed value, add
// an unknown property, drop a property.

interface Mutation {
  readonly where: number;
  readonly kind: 'replace' | 'wrong-type' | 'add-key' | 'drop-key';
  readonly value: Value;
  readonly key: string;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  where: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'replace', 'wrong-type', 'add-key', 'drop-key'),
  value: fc.oneof({ arbitrary: hostile, weight: 6 }, { arbitrary: anyJson, weight: 1 }),
  key: fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'admin', '\ud800', '\u0000', ''),
    fc.string({ maxLength: 10 }),
  ),
});

/** Every node of a value, the root first, with a function that rebuilds the value around it. */
function nodes(v: Value, rebuild: (x: Value) => Value, out: [Value, (x: Value) => Value][]): void {
  out.push([v, rebuild]);
  if (v instanceof Obj) {
    v.entries.forEach(([k, x], i) =>
      nodes(x, (y) => rebuild(new Obj(v.entries.map((e, j) => (j === i ? [k, y] : e)))), out),
    );
  } else if (isList(v)) {
    v.forEach((x: Value, i: number) =>
      nodes(x, (y) => rebuild(v.map((e: Value, j: number) => (j === i ? y : e))), out),
    );
  }
}

function wrongType(v: Value, fallback: Value): Value {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return 'yes';
  if (isList(v)) return new Obj([['0', null]]);
  if (v instanceof Obj) return [v];
  return fallback;
}

function mutate(v: Value, m: Mutation): Value {
  const all: [Value, (x: Value) => Value][] = [];
  nodes(v, (x) => x, all);
  // Three times in four a leaf (a field's value), else any node (an object, a list, the root).
  const leaves = all.filter(([x]) => !(x instanceof Obj) && !isList(x));
  const targets = m.where % 4 !== 0 && leaves.length > 0 ? leaves : all;
  const at = Math.floor(m.where / 4);
  const objects = all.filter(([x]) => x instanceof Obj) as [Obj, (x: Value) => Value][];
  switch (m.kind) {
    case 'replace': {
      const [, rebuild] = targets[at % targets.length] ?? [v, (x: Value) => x];
      return rebuild(m.value);
    }
    case 'wrong-type': {
      const [x, rebuild] = targets[at % targets.length] ?? [v, (y: Value) => y];
      return rebuild(wrongType(x, m.value));
    }
    case 'add-key': {
      const target = objects[m.where % Math.max(1, objects.length)];
      if (!target) return v;
      const [o, rebuild] = target;
      return rebuild(new Obj([...o.entries, [m.key, m.value]]));
    }
    case 'drop-key': {
      const target = objects[m.where % Math.max(1, objects.length)];
      if (!target || target[0].entries.length === 0) return v;
      const [o, rebuild] = target;
      const drop = m.where % o.entries.length;
      return rebuild(new Obj(o.entries.filter((_, i) => i !== drop)));
    }
  }
}

/** A value of the schema, valid-looking about half the time, otherwise with one to three attacks. */
export function hostileArbitrary(
  schema: JsonSchema,
  name: string,
  hints: FuzzHints,
): fc.Arbitrary<Value> {
  return fc
    .tuple(
      schemaArbitrary(schema, name, hints),
      fc.oneof(
        { arbitrary: fc.constant([] as Mutation[]), weight: 1 },
        { arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }), weight: 1 },
      ),
    )
    .map(([value, mutations]) => mutations.reduce(mutate, value));
}

// ---------------------------------------------------------------------------------------------
// Operations of the OpenAPI document and requests for them.

export interface OpenApiParameter {
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly name: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly OpenApiParameter[];
  readonly body: JsonSchema | undefined;
}

interface OpenApiDocument {
  readonly paths: Readonly<
    Record<
      string,
      Readonly<
        Record<
          string,
          {
            readonly parameters?: readonly OpenApiParameter[];
            readonly requestBody?: {
              readonly content?: Readonly<Record<string, { readonly schema?: JsonSchema }>>;
            };
          }
        >
      >
    >
  >;
}

/** Every operation of the document, in its order. */
export function operationsOf(document: unknown): Operation[] {
  const doc = document as OpenApiDocument;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

export interface FuzzRequest {
  readonly credential: string;
  readonly params: Readonly<Record<string, Value>>;
  readonly query: Obj;
  readonly body: Value | RawBody | undefined;
  readonly contentType: string;
}

/** The requests of an operation, with one of `credentials` (names the sender resolves). */
export function requestArbitrary(
  op: Operation,
  hints: FuzzHints,
  credentials: fc.Arbitrary<string>,
): fc.Arbitrary<FuzzRequest> {
  const inPath = op.parameters.filter((p) => p.in === 'path');
  const inQuery = op.parameters.filter((p) => p.in === 'query');
  const params = fc.tuple(
    ...inPath.map((p) =>
      fc
        .oneof(
          { arbitrary: schemaArbitrary(p.schema, p.name, hints), weight: 3 },
          { arbitrary: hostile, weight: 1 },
        )
        .map((v) => [p.name, v] as const),
    ),
  );
  const querySchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(inQuery.map((p) => [p.name, p.schema])),
    required: inQuery.filter((p) => p.required).map((p) => p.name),
  };
  const body: fc.Arbitrary<Value | RawBody | undefined> = op.body
    ? fc.oneof(
        { arbitrary: hostileArbitrary(op.body, 'body', hints), weight: 6 },
        {
          arbitrary: fc
            .constantFrom(...(Object.keys(RAW_BODIES) as RawBodyName[]))
            .map((n) => new RawBody(n)),
          weight: 1,
        },
      )
    : fc.constant(undefined);
  const contentType = op.body
    ? fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 8 },
        { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 1 },
      )
    : fc.constant('');
  return fc.record({
    credential: credentials,
    params: params.map((entries) => Object.fromEntries(entries)),
    query:
      inQuery.length === 0
        ? fc.constant(new Obj([]))
        : hostileArbitrary(querySchema, 'query', hints).map((q) =>
            q instanceof Obj ? q : new Obj([['q', q]]),
          ),
    body,
    contentType,
  });
}

/** The URL of a request: path parameters filled in, the query appended. */
export function urlOf(op: Operation, request: FuzzRequest): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => urlText(request.params[name]));
  const query = request.query.entries
    .flatMap(([k, v]) =>
      isList(v)
        ? v.map((x: Value) => `${urlEncode(k)}=${urlText(x)}`)
        : [`${urlEncode(k)}=${urlText(v)}`],
    )
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** A request in a line (for failure reports). */
export function describeRequest(op: Operation, request: FuzzRequest): string {
  const params = Object.entries(request.params).map(([k, v]) => `${k}=${show(v)}`);
  const parts = [
    `${op.method} ${op.path}`,
    `as ${request.credential}`,
    params.length ? `params ${params.join(' ')}` : '',
    request.query.entries.length ? `query ${show(request.query)}` : '',
    request.body === undefined
      ? ''
      : `body ${request.body instanceof RawBody ? request.body[fc.toStringMethod]() : show(request.body)}`,
    request.contentType && request.contentType !== 'application/json'
      ? `content-type "${request.contentType}"`
      : '',
  ];
  return parts.filter(Boolean).join(', ');
}

// ---------------------------------------------------------------------------------------------
// What the document says of a body: a small validator for the JSON Schema the API's document
// uses (types, enum, anyOf, required, properties, lengths, bounds, pattern). Properties that a
// schema closes with `additionalProperties: false` are removed before validation, as the server
// does, rather than refused.

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The first way `value` breaks `schema` ('' when it does not), as `path: problem`. */
export function schemaProblem(schema: JsonSchema, value: unknown, path = 'body'): string {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    return alternatives.some((s) => !schemaProblem(s, value, path))
      ? ''
      : `${path}: matches none of its alternatives`;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) return `${path}: not one of its values`;
  switch (schema.type ?? 'any') {
    case 'string': {
      if (typeof value !== 'string') return `${path}: not a string`;
      const length = [...value].length;
      if (length < (schema.minLength ?? 0)) return `${path}: shorter than ${schema.minLength}`;
      if (length > (schema.maxLength ?? Infinity))
        return `${path}: longer than ${schema.maxLength}`;
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value))
        return `${path}: does not match ${schema.pattern}`;
      return '';
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number') return `${path}: not a number`;
      if (schema.type === 'integer' && !Number.isInteger(value)) return `${path}: not an integer`;
      if (value < (schema.minimum ?? -Infinity)) return `${path}: below ${schema.minimum}`;
      if (value > (schema.maximum ?? Infinity)) return `${path}: above ${schema.maximum}`;
      return '';
    }
    case 'boolean':
      return typeof value === 'boolean' ? '' : `${path}: not a boolean`;
    case 'array': {
      if (!Array.isArray(value)) return `${path}: not an array`;
      if (value.length < (schema.minItems ?? 0))
        return `${path}: fewer than ${schema.minItems} items`;
      if (value.length > (schema.maxItems ?? Infinity))
        return `${path}: more than ${schema.maxItems} items`;
      for (const [i, item] of (value as unknown[]).entries()) {
        const problem = schemaProblem(schema.items ?? {}, item, `${path}[${i}]`);
        if (problem) return problem;
      }
      return '';
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return `${path}: not an object`;
      const o = value as Record<string, unknown>;
      for (const key of schema.required ?? [])
        if (!hasOwn(o, key)) return `${path}.${key}: missing`;
      const properties = schema.properties ?? {};
      for (const key of Object.keys(o)) {
        const own = properties[key];
        const extra = schema.additionalProperties;
        const problem = own
          ? schemaProblem(own, o[key], `${path}.${key}`)
          : typeof extra === 'object'
            ? schemaProblem(extra, o[key], `${path}.${key}`)
            : '';
        if (problem) return problem;
      }
      return '';
    }
    case 'null':
    case 'any':
      return '';
  }
}

/** The first way a request body breaks the operation's schema ('' when it does not). */
export function bodyProblem(op: Operation, body: Value | RawBody | undefined): string {
  if (body === undefined || op.body === undefined) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText(body).replace(/^\ufeff/, ''));
  } catch {
    return 'body: not JSON';
  }
  return schemaProblem(op.body, parsed);
}

// ---------------------------------------------------------------------------------------------
// The sweep: one valid-looking request per operation, then that request with each of its values
// (path parameters, query, every leaf of the body) replaced in turn by each of a few hostile
// values. Deterministic, so every field meets the attacks the issue names at least once, however
// the random cases fall.

/** The attacks every field meets in the sweep. */
export const SWEEP: readonly HostileName[] = [
  'lone-surrogate',
  'nul-inside',
  'huge-integer',
  'beyond-double',
  'deep-array',
  'huge-string',
  'true',
];

/** A valid-looking value of a schema, the same on every run. */
export function exampleOf(schema: JsonSchema, name: string, hints: FuzzHints, seed: number): Value {
  const hinted = hintFor(hints, name, schema.type);
  if (hinted) return fc.sample(hinted, { seed, numRuns: 1 })[0] ?? null;
  if (schema.enum) return (schema.enum[0] ?? null) as Value;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.[0]) return exampleOf(alternatives[0], name, hints, seed);
  switch (schema.type ?? 'any') {
    case 'string':
      return schema.pattern
        ? (fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { seed, numRuns: 1 })[0] ?? '')
        : 'a'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? Infinity);
    case 'boolean':
      return true;
    case 'array':
      return [exampleOf(schema.items ?? {}, name, hints, seed)];
    case 'object':
      return new Obj(
        Object.entries(schema.properties ?? {}).map(([key, s]) => [
          key,
          exampleOf(s, key, hints, seed),
        ]),
      );
    case 'null':
    case 'any':
      return null;
  }
}

/** The valid-looking request of an operation, as `credential`. */
export function exampleRequest(
  op: Operation,
  hints: FuzzHints,
  credential: string,
  seed: number,
): FuzzRequest {
  const inQuery = op.parameters.filter((p) => p.in === 'query');
  return {
    credential,
    params: Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, exampleOf(p.schema, p.name, hints, seed)]),
    ),
    query: new Obj(inQuery.map((p) => [p.name, exampleOf(p.schema, p.name, hints, seed)])),
    body: op.body ? exampleOf(op.body, 'body', hints, seed) : undefined,
    contentType: op.body ? 'application/json' : '',
  };
}

/** The example with each of its values in turn replaced by each of `attacks`. */
export function sweepOf(
  example: FuzzRequest,
  attacks: readonly HostileName[],
): { readonly attack: HostileName; readonly request: FuzzRequest }[] {
  return attacks.flatMap((name) =>
    sweepWith(example, name).map((request) => ({ attack: name, request })),
  );
}

function sweepWith(example: FuzzRequest, name: HostileName): FuzzRequest[] {
  const attack = new Hostile(name);
  const out: FuzzRequest[] = [];
  for (const param of Object.keys(example.params))
    out.push({ ...example, params: { ...example.params, [param]: attack } });
  const query: [Value, (x: Value) => Value][] = [];
  nodes(example.query, (x) => x, query);
  for (const [x, rebuild] of query.slice(1)) {
    if (x instanceof Obj || isList(x)) continue;
    const q = rebuild(attack);
    if (q instanceof Obj) out.push({ ...example, query: q });
  }
  const body = example.body;
  if (body === undefined || body instanceof RawBody) return out;
  const all: [Value, (x: Value) => Value][] = [];
  nodes(body, (x) => x, all);
  for (const [x, rebuild] of all) {
    if (x instanceof Obj || isList(x)) continue;
    out.push({ ...example, body: rebuild(attack) });
  }
  return out;
}
