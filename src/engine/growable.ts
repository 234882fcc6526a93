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

/** Above this many items a column grows by a quarter rather than doubling. */
const LARGE = 1 << 20;

/**
 * The capacity to grow a column to: doubling while small, then by a quarter, so that a column of
 * a city's 109 M records does not take room for 218 M at its first record past its reservation
 * (6 GB more at L); a geometric step all the same, so appending stays O(1) per item on average.
 */
export function nextCapacity(current: number, needed: number): number {
  let capacity = Math.max(current, 16);
  while (capacity < needed) capacity = capacity < LARGE ? capacity * 2 : Math.ceil(capacity * 1.25);
  return capacity;
}

/** The reservation for n items: n and an eighth more, so that the next appends fit. */
export function withHeadroom(n: number): number {
  return n + Math.ceil(n / 8);
}
