// Growth of the engine's typed-array columns: capacity doubles, so appending n items copies each
// one O(1) times on average, and a column is always one flat buffer the hot loops can index.
export type NumericArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

export function grown<T extends NumericArray>(column: T, capacity: number, fill?: number): T {
  const Ctor = column.constructor as new (length: number) => T;
  const next = new Ctor(capacity);
  next.set(column);
  if (fill !== undefined && fill !== 0) next.fill(fill, column.length);
  return next;
}

export function nextCapacity(current: number, needed: number): number {
  let capacity = Math.max(current, 16);
  while (capacity < needed) capacity *= 2;
  return capacity;
}
