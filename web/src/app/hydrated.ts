// Whether the application runs the page yet (docs/web.md, "Size and speed"): false while the
// server renders a first page and while the browser hydrates it, true from then on (and from the
// start on a page the application renders itself). A form that must not be sent by the browser
// on its own (a sign-in: its fields would go into the address) waits for it.
import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
