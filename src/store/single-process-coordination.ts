// The cluster ports for a ledger only one process serves (SQLite): nothing to hear from other
// servers (the server follows its own writes directly, and the CLI's by its poll of the head),
// every piece of shared work runs at once and this process leads every role. `npm start` behaves
// exactly as before issue 12.
import type { ClusterCoordination } from '../app/ports/cluster-coordination.js';

export const singleProcessCoordination: ClusterCoordination = {
  headWatcher: { watch: () => ({ close: () => Promise.resolve() }) },
  locks: {
    shared: false,
    exclusive: async (_work, run) => ({ ran: true, value: await run() }),
    lead: () => Promise.resolve(true),
  },
  close: () => Promise.resolve(),
};
