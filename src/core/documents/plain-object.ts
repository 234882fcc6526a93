// The one check that a parsed value (a YAML document's node, a submitted JSON record, its fields)
// is a plain object of named values: not null, not an array, not a primitive.
export type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
