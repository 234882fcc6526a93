// The city's records as one JSON lines file per submitting agency, the shape `probity import`
// reads: what the import bench writes from the city in memory and the curve bench from the
// streamed city at L, so both feed the import the same lines (in the city's record order or the
// stream's ledger order: the same set per file, checked at S).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { RecordFields } from '../src/core/ledger/ledger-types.js';
import { formatInstant, type Instant } from '../src/core/time/instant.js';

export interface AgencyFileRecord {
  readonly agencyId: string;
  readonly sourceRef: string;
  readonly subject: string;
  readonly category: string;
  readonly occurredAt: Instant;
  readonly fields: RecordFields;
}

export class AgencyFiles {
  private readonly files = new Map<string, ReturnType<typeof createWriteStream>>();

  constructor(private readonly dir: string) {}

  /** Appends the record's line to its agency's file, waiting when the stream asks to. */
  async write(r: AgencyFileRecord): Promise<void> {
    let out = this.files.get(r.agencyId);
    if (!out) {
      out = createWriteStream(join(this.dir, `${r.agencyId}.jsonl`));
      this.files.set(r.agencyId, out);
    }
    const line = JSON.stringify({
      sourceRef: r.sourceRef,
      subject: r.subject,
      category: r.category,
      occurredAt: formatInstant(r.occurredAt),
      fields: r.fields,
    });
    if (!out.write(line + '\n')) await once(out, 'drain');
  }

  /** Ends every file; the agencies written, in the order first met. */
  async close(): Promise<string[]> {
    for (const out of this.files.values()) {
      out.end();
      await once(out, 'finish');
    }
    return [...this.files.keys()];
  }
}
