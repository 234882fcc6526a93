// A ledger writer with some of its methods replaced: the append path hands the work a writer whose
// inserts pass through a step of their own (the recording clock dates rows, the notice outbox
// watches records and decisions; on the machine's clock, the clock it reads holds a write a moment
// behind, live-store-clock.ts) while every other method (locks, reads, whatever the writer grows)
// goes to the transaction's writer as it is.
import type { LedgerWriter } from '../ports/ledger-store.js';

export function overrideWriter<W extends LedgerWriter>(
  tx: W,
  overrides: Partial<LedgerWriter> | Partial<W>,
): W {
  return new Proxy(tx, {
    get(target, property) {
      const own = (overrides as Partial<W>)[property as keyof W];
      if (own !== undefined) return own;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
