/**
 * Prometheus metrics, served at GET /metrics. `createMetrics()` is called once in app composition (never at
 * import) and the one `Metrics` object is passed to whoever records something. Labels are closed sets
 * (channel, outcome, route, urgency, status class): never a user id, never message text.
 *
 * API for other modules:
 * - `webhookEvents(channel, outcome, n = 1)`: a webhook event was `accepted` (stored for processing),
 *   a `duplicate` (dropped by its event id) or `rejected` (bad signature, bad body). Count events, not requests.
 * - `routeDecided(route)`: the engine decided a route for a message; `handoffOpened(urgency)`: a handoff was
 *   opened or raised to urgent. app.ts records both by wrapping the engine (`instrumentEngine`), so every
 *   channel is counted and the core imports nothing from infra.
 * - `modelFallback(call, reason)`: a model call failed over to the offline path (`call`: `triage`, `answer`,
 *   `embed`, `moderation`; `reason`: `timeout`, `error`, `invalid_output`).
 * - `observeReplyLatency(channel, seconds)`: end to end, from receiving the event to the platform accepting
 *   the reply (LINE reply/push 2xx). Channels record it once per event.
 * - `observeHttp(method, route, status, seconds)`: the HTTP server's response hook records every request.
 * - `setQueueDepthSource(fn)`: the queue registers how to count waiting/active jobs; the gauge calls it at
 *   scrape time, so a stale value is never served.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ConversationEngine } from '../core/engine.ts';
import type { Queryable } from './db/db.ts';

export type WebhookOutcome = 'accepted' | 'duplicate' | 'rejected';
export type ModelFallbackReason = 'timeout' | 'error' | 'invalid_output';

export interface QueueDepth {
  queue: string;
  /** Jobs waiting (queued, retry, deferred). */
  waiting: number;
  /** Jobs being worked on now. */
  active: number;
}

export interface Metrics {
  readonly contentType: string;
  webhookEvents(channel: string, outcome: WebhookOutcome, n?: number): void;
  routeDecided(route: string): void;
  handoffOpened(urgency: 'normal' | 'urgent'): void;
  modelFallback(call: string, reason: ModelFallbackReason): void;
  observeReplyLatency(channel: string, seconds: number): void;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  setQueueDepthSource(source: () => Promise<QueueDepth[]>): void;
  /** The exposition text for one scrape. */
  render(): Promise<string>;
}

export interface MetricsOptions {
  /** Process metrics (RSS, heap, event-loop lag). On in the app; tests may turn them off. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'sanpo_assistant' });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'sanpo_' });
  const registers = [registry];

  const webhookEvents = new Counter({
    name: 'sanpo_webhook_events_total',
    help: 'Webhook events by channel and outcome (accepted, duplicate, rejected).',
    labelNames: ['channel', 'outcome'] as const,
    registers,
  });
  const routes = new Counter({
    name: 'sanpo_routes_decided_total',
    help: 'Routes decided by the conversation engine.',
    labelNames: ['route'] as const,
    registers,
  });
  const handoffs = new Counter({
    name: 'sanpo_handoffs_opened_total',
    help: 'Handoffs to staff opened, by urgency.',
    labelNames: ['urgency'] as const,
    registers,
  });
  const fallbacks = new Counter({
    name: 'sanpo_model_fallbacks_total',
    help: 'Model calls that fell back to the offline path, by call and reason.',
    labelNames: ['call', 'reason'] as const,
    registers,
  });
  // Webhook acknowledgements should take milliseconds; the buckets resolve the 1-50 ms range finely.
  const httpDuration = new Histogram({
    name: 'sanpo_http_response_seconds',
    help: 'Time from request to response end, by method, route and status class.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  // Replies wait for the queue and sometimes a model: seconds, up to the reply token's minute.
  const replyLatency = new Histogram({
    name: 'sanpo_reply_latency_seconds',
    help: 'Time from receiving an event to the platform accepting its reply.',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120],
    registers,
  });

  const queueDepth = new Gauge({
    name: 'sanpo_queue_jobs',
    help: 'Jobs in the durable queue by queue and state (waiting, active), counted at scrape time.',
    labelNames: ['queue', 'state'] as const,
    registers,
  });
  const collectErrors = new Counter({
    name: 'sanpo_metrics_collect_errors_total',
    help: 'Scrape-time collections that failed (e.g. the database did not answer the queue-depth query).',
    labelNames: ['metric'] as const,
    registers,
  });
  let queueSource: (() => Promise<QueueDepth[]>) | undefined;

  // Counted before serialising (prom-client serialises metrics concurrently, so a collect() hook could not
  // report its own failure in the same scrape). A failing count must not fail the whole scrape: the gauge
  // is left empty and the failure counted.
  async function refreshQueueDepth(): Promise<void> {
    queueDepth.reset();
    if (queueSource === undefined) return;
    let depths: QueueDepth[];
    try {
      depths = await queueSource();
    } catch {
      collectErrors.inc({ metric: 'sanpo_queue_jobs' });
      return;
    }
    for (const q of depths) {
      queueDepth.set({ queue: q.queue, state: 'waiting' }, q.waiting);
      queueDepth.set({ queue: q.queue, state: 'active' }, q.active);
    }
  }

  return {
    contentType: registry.contentType,
    webhookEvents: (channel, outcome, n = 1) => webhookEvents.inc({ channel, outcome }, n),
    routeDecided: (route) => routes.inc({ route }),
    handoffOpened: (urgency) => handoffs.inc({ urgency }),
    modelFallback: (call, reason) => fallbacks.inc({ call, reason }),
    observeReplyLatency: (channel, seconds) => replyLatency.observe({ channel }, seconds),
    observeHttp: (method, route, status, seconds) =>
      httpDuration.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds),
    setQueueDepthSource(source) {
      queueSource = source;
    },
    async render() {
      await refreshQueueDepth();
      return registry.metrics();
    },
  };
}

/**
 * Queue depth from the database, for `setQueueDepthSource`: events stored but not yet processed per channel
 * (`inbox:<channel>`, the true backlog: one conversation job covers many events) and pg-boss jobs by queue
 * name. pg-boss's schema exists only once the queue has started, hence the check.
 */
export function queueDepthFromDb(db: Queryable): () => Promise<QueueDepth[]> {
  return async () => {
    const inbox = await db.query<{ channel: string; n: number }>(
      "SELECT channel, count(*)::int AS n FROM channel_inbox WHERE state = 'pending' GROUP BY channel",
    );
    const depths: QueueDepth[] = inbox.rows.map((r) => ({
      queue: `inbox:${r.channel}`,
      waiting: r.n,
      active: 0,
    }));
    const exists = await db.query<{ t: string | null }>("SELECT to_regclass('pgboss.job')::text AS t");
    if (exists.rows[0]?.t == null) return depths;
    // Every defined queue is listed, idle ones with zeros, so a dashboard sees 0 rather than no data.
    const jobs = await db.query<{ name: string; waiting: number; active: number }>(
      `SELECT q.name, count(j.id) FILTER (WHERE j.state IN ('created', 'retry'))::int AS waiting,
              count(j.id) FILTER (WHERE j.state = 'active')::int AS active
         FROM pgboss.queue q
         LEFT JOIN pgboss.job j ON j.name = q.name AND j.state IN ('created', 'retry', 'active')
        GROUP BY q.name`,
    );
    return [...depths, ...jobs.rows.map((r) => ({ queue: r.name, waiting: r.waiting, active: r.active }))];
  };
}

/**
 * The engine as channels see it, counting what it decides: one route per handled message, and a handoff
 * by urgency whenever a route opens one. Duplicates count nothing (they were counted the first time).
 */
export function instrumentEngine<E extends ConversationEngine>(engine: E, metrics: Metrics): E {
  return {
    ...engine,
    async handle(message, options) {
      const result = await engine.handle(message, options);
      if (!result.duplicate && result.decision !== null) {
        metrics.routeDecided(result.decision.route);
        // `handoff` is set exactly when the turn opened a handoff or raised one to urgent.
        if (result.decision.handoff !== null) metrics.handoffOpened(result.decision.handoff.urgency);
      }
      return result;
    },
  };
}
