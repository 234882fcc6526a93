// Prometheus metrics at GET /metrics (issue 10, failure 9: there were none), in the text
// exposition format, with prom-client:
//
//   probity_http_requests_total{method,route,status}            requests answered
//   probity_http_request_duration_seconds{method,route,status}  how long they took (histogram)
//   probity_checks_total{measure,decision}                      checks answered (allow, deny,
//                                                               invalid, refused: measure none)
//   probity_ingest_records_total{agency,outcome}                records submitted over the API:
//                                                               accepted, duplicate, rejected
//   probity_audit_queue_entries                                 audit entries accepted and not
//                                                               yet committed (group commit)
//   probity_feed_lag_deltas{list,agency}                        deltas a feed consumer has not
//                                                               acknowledged
//   probity_rule_errors{rule}                                   records in force that their rule
//                                                               fails on now (0 points each);
//                                                               rules without errors are absent
//   process_*, nodejs_*                                         prom-client's default metrics
//
// Who may scrape: anyone who reaches the port, as /healthz. No label holds an identifier, a
// token or anything about a person: routes are patterns (`/v1/subjects/:identifier`), and the
// only names are measures, lists and agencies, which the published policy and the agency
// registry name already. A deployment that wants the volumes private keeps the path behind its
// proxy, like the rest of the operator's surface.
//
// Checks are counted from their audit entries (the server's audit sink is wrapped where the
// server is wired, src/main/server-app.ts): every check, from either route, writes one entry per
// subject whose outcome begins with the decision and the measure. Records are counted from the
// answer of POST /v1/records.
import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditEvent } from '../app/audit/audit-sink.js';

/** What the server reads at each scrape: the audit queue and the feed consumers' lag. */
export interface MetricsSources {
  /** Audit entries accepted and not yet committed (the group-commit queue). */
  readonly auditQueued?: (() => number) | undefined;
  /** Every feed consumer and how many deltas it has not acknowledged. */
  readonly feedLag?:
    (() => Promise<readonly { list: string; agency: string; behind: number }[]>) | undefined;
  /** Per rule id, the records in force that the rule fails on at run time (rule errors). */
  readonly ruleErrors?: (() => Readonly<Record<string, number>>) | undefined;
}

/** prom-client's default process metrics, one set per process (they watch the process itself). */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The metrics of one server. */
export class ProbityMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: 'probity_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly #durations = new Histogram({
    name: 'probity_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #checks = new Counter({
    name: 'probity_checks_total',
    help: 'Checks answered, by measure and decision (allow, deny, invalid, refused)',
    labelNames: ['measure', 'decision'] as const,
    registers: [this.registry],
  });
  readonly #ingest = new Counter({
    name: 'probity_ingest_records_total',
    help: 'Records submitted over the API, by agency and outcome (accepted, duplicate, rejected)',
    labelNames: ['agency', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(sources: MetricsSources = {}) {
    const { auditQueued, feedLag, ruleErrors } = sources;
    new Gauge({
      name: 'probity_rule_errors',
      help: 'Records in force that their rule fails on at run time (0 points each), by rule',
      labelNames: ['rule'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [rule, n] of Object.entries(ruleErrors?.() ?? {})) this.set({ rule }, n);
      },
    });
    new Gauge({
      name: 'probity_audit_queue_entries',
      help: 'Audit entries accepted and not yet committed (the group-commit queue)',
      registers: [this.registry],
      collect() {
        this.set(auditQueued?.() ?? 0);
      },
    });
    new Gauge({
      name: 'probity_feed_lag_deltas',
      help: 'List feed deltas a consumer has not acknowledged, by list and agency',
      labelNames: ['list', 'agency'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const c of (await feedLag?.()) ?? []) {
          this.set({ list: c.list, agency: c.agency }, c.behind);
        }
      },
    });
  }

  /**
   * Counts the checks among audit entries (action `check`): `allow|deny <measure> <checkId>`,
   * `invalid <code> <measure> <checkId>#i` (a batch's bad identifier), `refused <code>`.
   */
  auditRecorded(events: readonly AuditEvent[]): void {
    for (const event of events) {
      if (!event.action.startsWith('check')) continue;
      const [decision, second, third] = event.outcome.split(' ');
      const measure =
        decision === 'allow' || decision === 'deny'
          ? second
          : decision === 'invalid'
            ? third
            : decision === 'refused'
              ? 'none'
              : undefined;
      if (decision !== undefined && measure !== undefined) this.#checks.inc({ measure, decision });
    }
  }

  request(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.#requests.inc(labels);
    this.#durations.observe(labels, seconds);
  }

  ingested(agency: string, outcome: 'accepted' | 'duplicate' | 'rejected', n = 1): void {
    if (n > 0) this.#ingest.inc({ agency, outcome }, n);
  }

  /** The text exposition: this server's metrics, then the process's. */
  async render(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Counts the records of a submission from its answer (201) or its refusal (all rejected). */
function countIngest(
  metrics: ProbityMetrics,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): void {
  const principal = request.principal;
  if (principal?.kind !== 'agency' || typeof payload !== 'string') return;
  const agency = principal.agency.id;
  if (reply.statusCode === 201) {
    try {
      const { results } = JSON.parse(payload) as { results: { status: string }[] };
      let accepted = 0;
      let duplicate = 0;
      for (const r of results) {
        if (r.status === 'accepted') accepted += 1;
        else if (r.status === 'duplicate') duplicate += 1;
      }
      metrics.ingested(agency, 'accepted', accepted);
      metrics.ingested(agency, 'duplicate', duplicate);
    } catch {
      // An answer that is not the documented JSON counts nothing.
    }
    return;
  }
  if (reply.statusCode === 422) {
    const body = request.body as { records?: unknown } | undefined;
    const n = Array.isArray(body?.records) ? body.records.length : 0;
    metrics.ingested(agency, 'rejected', n);
  }
}

/** The request metrics of every route and the ingest counts (before the routes are added). */
export function installMetrics(app: FastifyInstance, metrics: ProbityMetrics): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'POST' && request.routeOptions.url === '/v1/records')
      countIngest(metrics, request, reply, payload);
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    metrics.request(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** GET /metrics (registered with the routes, so the OpenAPI document lists it). */
export function metricsRoute(app: FastifyInstance, metrics: ProbityMetrics): void {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        description:
          'Requests by method, route pattern and status; checks by measure and decision; records submitted by agency and outcome; the audit queue; each feed consumer’s lag; process metrics. Open to anyone who reaches the port, like /healthz: no label holds an identifier or a token.',
        security: [],
        produces: ['text/plain'],
        response: {
          200: {
            description: 'the metrics, `text/plain; version=0.0.4`',
            content: { 'text/plain': { schema: Type.String() } },
          },
        },
      },
    },
    async (_request, reply) => {
      const text = await metrics.render();
      return reply.type(metrics.contentType).send(text);
    },
  );
}
