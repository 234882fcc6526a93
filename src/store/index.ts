// The storage room's public surface: the composition roots open a ledger store by location.
export { openCoordination, openStore } from './open-store.js';
