// The store's clock row (migration 0009), shared by both dialects: the mode `init` set once (the
// first writer wins) and the latest recording time, which appends read and raise under the head
// lock (app/ledger/recording-clock.ts).
import type { Kysely } from 'kysely';
import type { RecordingClock, StoreMode } from '../app/ports/store-clock.js';
import { instant, type Instant } from '../core/time/instant.js';
import type { LedgerDatabase } from './schema.js';

type Db = Kysely<LedgerDatabase>;

const ROW = 1;

const modeOf = (text: string | null | undefined): StoreMode | undefined =>
  text === 'live' || text === 'simulation' ? text : undefined;

export async function storeMode(db: Db): Promise<StoreMode | undefined> {
  const row = await db
    .selectFrom('store_clock')
    .select('mode')
    .where('id', '=', ROW)
    .executeTakeFirst();
  return modeOf(row?.mode);
}

export async function setStoreMode(db: Db, mode: StoreMode): Promise<StoreMode> {
  await db
    .updateTable('store_clock')
    .set({ mode })
    .where('id', '=', ROW)
    .where('mode', 'is', null)
    .execute();
  return (await storeMode(db)) ?? mode;
}

export async function recordingClock(db: Db): Promise<RecordingClock> {
  const row = await db
    .selectFrom('store_clock')
    .select(['mode', 'recorded_through'])
    .where('id', '=', ROW)
    .executeTakeFirst();
  const through = Number(row?.recorded_through ?? 0);
  return {
    mode: modeOf(row?.mode),
    recordedThrough: through > 0 ? instant(through) : undefined,
  };
}

export async function raiseRecordedThrough(db: Db, at: Instant): Promise<void> {
  await db
    .updateTable('store_clock')
    .set({ recorded_through: at })
    .where('id', '=', ROW)
    .where('recorded_through', '<', at)
    .execute();
}
