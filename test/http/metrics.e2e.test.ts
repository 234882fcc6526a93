// Prometheus metrics at /metrics (issue 10, failure 9: there were none), on both dialects: the
// scrape is the text exposition format (checked line by line, strictly), counters move after a
// check and a submission (requests, checks by measure and decision, records by agency and
// outcome), the audit queue and feed lag gauges and the process metrics are there, no label
// holds an identifier, and the OpenAPI document describes the route as text/plain.
import { afterAll, describe, expect, it } from 'vitest';
import { personId } from '../factories/subjects.js';
import { storeTargets } from '../support/store-targets.js';
import { bearer, debtorRecord, startHarness } from './http-harness.js';

const SUBJECT = personId('1966-06-06', 66);
const SUBMITTED = personId('1977-07-07', 77);

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
// Values as Prometheus reads them (Go's ParseFloat): NaN and Inf in any case, prom-client prints `Nan`.
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{(?:${LABEL}(?:,${LABEL})*)?,?\\})? (-?(?:\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|[Nn][Aa][Nn]|[+-]?[Ii][Nn][Ff]))(?: -?\\d+)?$`,
);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);

/** Parses the text exposition format strictly: every line valid, every sample of a typed family. */
function parseExposition(text: string): Map<string, number> {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = TYPE.exec(line);
    if (type) {
      expect(types.has(type[1] ?? ''), `${line}: TYPE given twice`).toBe(false);
      types.set(type[1] ?? '', type[2] ?? '');
      continue;
    }
    if (HELP.test(line)) continue;
    const sample = SAMPLE.exec(line);
    expect(sample, `not a valid exposition line: ${line}`).not.toBeNull();
    const name = sample?.[1] ?? '';
    const family = [...types.keys()].find(
      (f) =>
        name === f ||
        (types.get(f) === 'histogram' && /_(bucket|sum|count)$/.test(name) && name.startsWith(f)),
    );
    expect(family, `${name} has no TYPE line before it`).toBeDefined();
    samples.set(line.slice(0, line.lastIndexOf(' ')), Number(sample?.[2]));
  }
  return samples;
}

for (const target of storeTargets('metrics')) {
  describe(`/metrics: ${target.name}`, () => {
    afterAll(() => target.end());

    it('scrapes in the Prometheus text format, and its counters move after a check and a submission', async () => {
      const h = await startHarness({ location: await target.newLocation() });
      try {
        const scrape = async () => {
          const res = await h.app.inject({ url: '/metrics' });
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
          return { text: res.body, samples: parseExposition(res.body) };
        };
        const before = await scrape();
        const at = (key: string, s = before.samples) => s.get(key) ?? 0;

        const check = await h.app.inject({
          method: 'POST',
          url: '/v1/checks',
          headers: bearer('aviation'),
          payload: { subject: SUBJECT, measure: 'travel.flight', purpose: 'enforcement' },
        });
        expect(check.json()).toMatchObject({ decision: 'allow' });
        const submit = () =>
          h.app.inject({
            method: 'POST',
            url: '/v1/records',
            headers: bearer('court'),
            payload: { records: [debtorRecord(SUBMITTED, 'metrics-1', '2026-01-20')] },
          });
        expect((await submit()).statusCode).toBe(201);
        expect((await submit()).statusCode).toBe(201);
        // A feed consumer: the airline reads the debtors' feed and acknowledges what it read.
        const list = 'dishonest-debtors';
        const page = await h.app.inject({
          url: `/v1/lists/${list}/feed`,
          headers: bearer('aviation'),
        });
        expect(page.statusCode).toBe(200);
        const ack = await h.app.inject({
          method: 'POST',
          url: `/v1/lists/${list}/feed/ack`,
          headers: bearer('aviation'),
          payload: { seq: page.json<{ lastSeq: number }>().lastSeq },
        });
        expect(ack.statusCode).toBe(200);

        const after = await scrape();
        const moved = (key: string) => at(key, after.samples) - at(key);
        expect(moved('probity_checks_total{measure="travel.flight",decision="allow"}')).toBe(1);
        expect(moved('probity_ingest_records_total{agency="court",outcome="accepted"}')).toBe(1);
        expect(moved('probity_ingest_records_total{agency="court",outcome="duplicate"}')).toBe(1);
        expect(
          moved('probity_http_requests_total{method="POST",route="/v1/checks",status="200"}'),
        ).toBe(1);
        expect(
          moved(
            'probity_http_request_duration_seconds_count{method="POST",route="/v1/records",status="201"}',
          ),
        ).toBe(2);
        expect(after.samples.has('probity_audit_queue_entries')).toBe(true);
        expect(after.samples.get(`probity_feed_lag_deltas{list="${list}",agency="aviation"}`)).toBe(
          0,
        );
        expect(after.text).toContain('# TYPE process_cpu_user_seconds_total counter');
        expect(after.text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
        for (const id of [SUBJECT, SUBMITTED]) expect(after.text).not.toContain(id);
      } finally {
        await h.close();
      }
    });
  });
}

it('describes /metrics in the OpenAPI document as text/plain, open like /healthz', async () => {
  const h = await startHarness({ load: false });
  try {
    const doc = (await h.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<
        string,
        Record<
          string,
          { security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }
        >
      >;
    }>();
    const get = doc.paths['/metrics']?.get;
    expect(get?.security).toEqual([]);
    expect(Object.keys(get?.responses['200']?.content ?? {})).toEqual(['text/plain']);
  } finally {
    await h.close();
  }
});
