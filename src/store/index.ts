// The storage room's public surface: the composition roots open a ledger store by location.
export { openStore } from './open-store.js';
