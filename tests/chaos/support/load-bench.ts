/** `npm run bench:load` (scripts/bench-load.ts): beside the crash tests, it drives the same server and emulator. */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deriveRetryKey } from '../../../src/channels/line/retry-key.ts';
import { type Delivery, type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import {
  type ChatReply,
  type ChatRequest,
  type OpenAiFake,
  startOpenAiFake,
} from '../../fakes/openai-server.ts';
import { createTestDatabaseUrl, dropTestDatabase } from '../../support/db.ts';
import { percentile } from './line-traffic.ts';
import { measureAutocannonFloor, measureFloor, type PacedRequest, round, runPaced } from './paced-load.ts';
import { readWebhookLatency, sampleProcess } from './server-metrics.ts';
import { createServerProcess, freePort } from './server-process.ts';

export interface LoadResult {
  database: 'pglite' | 'postgres';
  /** Intake and processing in separate processes (`--split`); RSS, CPU and event-loop figures are intake's. */
  split: boolean;
  targetRate: number;
  durationSeconds: number;
  sent: number;
  accepted: number;
  acceptedPerSecond: number;
  non2xx: number;
  errors: number;
  /** As the client saw it, from the moment each request was due (open loop, no coordinated omission). */
  responseMs: { p50: number; p99: number; max: number };
  /**
   * Inside the server, from request to response end (the /metrics histogram, so bucket bounds): what the
   * app itself adds, without the load generator's own scheduling on a shared 2-core machine.
   */
  serverResponseMs: { p50: number; p99: number; under50ms: number };
  replyMs: { p50: number; p95: number; max: number };
  replied: number;
  lost: number;
  duplicates: number;
  /** Seconds after the last request until every accepted event had its reply. */
  drainSeconds: number;
  /** Replies delivered per second, from the first request to the last reply: processing throughput. */
  processedPerSecond: number;
  /**
   * CPU time of the server process (not PostgreSQL's) per accepted event, traffic and drain together: what
   * the app itself costs, which unlike latency does not depend on what else the machine is running.
   */
  serverCpuMsPerEvent: number;
  rssMb: { start: number; peak: number; end: number };
  /** A trivial HTTP server answered at the same rate just before: the machine's own latency floor. */
  floorMs?: { p50: number; p99: number };
  /** The same floor with autocannon's `overallRate` (bursts at each second boundary), for comparison. */
  floorAutocannonMs?: { p50: number; p99: number };
  /** How late the generator itself sent (its own event loop on the shared cores). */
  generatorSlipMs: { p99: number; max: number };
  /** The server's event-loop delay while traffic was sent: worst one-second p99, and the max. */
  eventLoopLagMs: { p99: number; max: number };
  /** `uptime`'s 1-minute load average at the end of the traffic (2 cores). */
  loadAverage: number;
  /** With `--model-latency-ms`: the OpenAI fake's delay per chat call, and the calls made. */
  model?: { chatLatencyMs: number; embeddingLatencyMs: number; chatCalls: number; embeddingCalls: number };
  /** LINE_WORKER_CONCURRENCY when given (`--workers`); otherwise the server's default. */
  workers?: string;
}

const secret = 'bench-line-channel-secret';
const token = 'bench-line-access-token';
const questions = [
  'ストレスチェックは何人から必要ですか',
  '地域産業保健センターは無料ですか',
  '個別訪問支援について教えてください',
  'こんにちは',
  '産業医の選任は何人からですか',
];

export async function runLoadBench(argv: string[]): Promise<LoadResult[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '200' },
      duration: { type: 'string', default: '30' },
      users: { type: 'string', default: '2000' },
      /** Sockets the generator keeps open; a request waits for a free one. */
      connections: { type: 'string', default: '64' },
      /** How long to wait for the last replies after the traffic (seconds). */
      drain: { type: 'string', default: '300' },
      db: { type: 'string' },
      /** LINE_WORKER_CONCURRENCY for the server (its default when not given; 0: intake only). */
      workers: { type: 'string' },
      /** PostgreSQL only: an intake-only instance takes the traffic, a second instance processes. */
      split: { type: 'boolean', default: false },
      /** With --split: run the processing instance at nice 10. */
      'nice-processing': { type: 'boolean', default: false },
      /**
       * A model configured (the OpenAI fake, no network): each chat call answers after this many ms, as a
       * hosted model would. Without it the server runs the offline path.
       */
      'model-latency-ms': { type: 'string' },
      /** With --model-latency-ms: each embeddings call (a question's vector) answers after this many ms. */
      'embedding-latency-ms': { type: 'string', default: '0' },
    },
  });
  const pgUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const which = values.db ?? (pgUrl === undefined ? 'pglite' : 'both');
  const kinds: ('pglite' | 'postgres')[] =
    which === 'both' ? ['pglite', 'postgres'] : [which as 'pglite' | 'postgres'];
  const results: LoadResult[] = [];
  // What this machine gives a do-nothing server at the same rate right now: the floor under every figure.
  const floor = await measureFloor(Number(values.rate));
  const floorAutocannon = await measureAutocannonFloor(Number(values.rate));
  process.stderr.write(
    `[bench] floor (trivial server): p50 ${floor.p50} ms, p99 ${floor.p99} ms; ` +
      `with autocannon's bursts p50 ${floorAutocannon.p50} ms, p99 ${floorAutocannon.p99} ms\n`,
  );
  for (const kind of kinds) {
    if (kind === 'postgres' && pgUrl === undefined)
      throw new Error('--db postgres needs DATABASE_URL or TEST_DATABASE_URL');
    results.push(
      await runOnce(kind, pgUrl, {
        rate: Number(values.rate),
        duration: Number(values.duration),
        users: Number(values.users),
        connections: Number(values.connections),
        drain: Number(values.drain),
        workers: values.workers,
        split: values.split,
        niceProcessing: values['nice-processing'],
        modelLatencyMs:
          values['model-latency-ms'] === undefined ? undefined : Number(values['model-latency-ms']),
        embeddingLatencyMs: Number(values['embedding-latency-ms']),
      }),
    );
    const last = results.at(-1);
    if (last !== undefined) {
      last.floorMs = floor;
      last.floorAutocannonMs = floorAutocannon;
    }
  }
  return results;
}

async function runOnce(
  kind: 'pglite' | 'postgres',
  pgUrl: string | undefined,
  o: {
    rate: number;
    duration: number;
    users: number;
    connections: number;
    drain: number;
    workers: string | undefined;
    split: boolean;
    niceProcessing: boolean;
    modelLatencyMs: number | undefined;
    embeddingLatencyMs: number;
  },
): Promise<LoadResult> {
  const log = (m: string) => process.stderr.write(`[bench ${kind}] ${m}\n`);
  const line = await startLineEmulator({ channelAccessToken: token });
  const openai =
    o.modelLatencyMs === undefined ? undefined : await startModelFake(o.modelLatencyMs, o.embeddingLatencyMs);
  const dir = await mkdtemp(join(tmpdir(), 'sanpo-bench-'));
  const databaseUrl =
    kind === 'postgres' && pgUrl !== undefined ? await createTestDatabaseUrl(pgUrl) : undefined;
  const env = {
    PATH: process.env.PATH ?? '',
    TZ: 'Asia/Tokyo',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PGLITE_DIR: join(dir, 'pglite'),
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    LINE_CHANNEL_SECRET: secret,
    LINE_CHANNEL_ACCESS_TOKEN: token,
    LINE_API_BASE_URL: line.url,
    LINE_DATA_API_BASE_URL: line.url,
    ...(openai === undefined
      ? {}
      : {
          OPENAI_API_KEY: 'bench-model-key',
          OPENAI_BASE_URL: openai.baseURL,
          EMBEDDING_MODEL: 'bench-embedding',
        }),
    // e.g. BENCH_NODE_OPTIONS=--cpu-prof to see where the server's time goes under load.
    ...(process.env.BENCH_NODE_OPTIONS === undefined ? {} : { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS }),
  };
  const split = o.split && kind === 'postgres';
  // --split: the traffic goes to an intake-only instance; a second one on the same database processes.
  const server = createServerProcess({
    port: await freePort(),
    env: {
      ...env,
      ...(split ? { LINE_WORKER_CONCURRENCY: '0' } : {}),
      ...(o.workers === undefined || split ? {} : { LINE_WORKER_CONCURRENCY: o.workers }),
    },
  });
  const processor = split
    ? createServerProcess({
        port: await freePort(),
        env: { ...env, ...(o.workers === undefined ? {} : { LINE_WORKER_CONCURRENCY: o.workers }) },
      })
    : undefined;
  try {
    await server.start();
    await processor?.start();
    // The processing instance at a lower CPU priority, so the OS runs intake first when both are ready.
    if (processor?.pid !== undefined && o.niceProcessing) setPriority(processor.pid, 10);
    log(`server up at ${server.url}${processor === undefined ? '' : `, processing at ${processor.url}`}`);
    await warmUp(server.url, line);
    const users = Array.from({ length: o.users }, () => `U${randomBytes(16).toString('hex')}`);
    /** Send time by event id; a delivery names its event by reply token, or by retry key when pushed. */
    const sentAt = new Map<string, number>();
    const byToken = new Map<string, string>();
    const byRetryKey = new Map<string, string>();
    const eventOf = (d: Delivery) =>
      (d.replyToken === null ? undefined : byToken.get(d.replyToken)) ??
      (d.retryKey === null ? undefined : byRetryKey.get(d.retryKey));
    const accepted = new Set<string>();
    const eventIds: string[] = [];
    const initial = await sampleProcess(server.url);
    const trafficStart = Date.now();
    const rss = { start: initial?.rssMb ?? 0, peak: initial?.rssMb ?? 0, end: 0 };
    const lag = { p99: 0, max: 0 };
    let sending = true;
    // Exactly one scrape a second: prom-client resets the event-loop histogram on every scrape.
    const sampler = setInterval(() => {
      void sampleProcess(server.url).then((sample) => {
        if (sample === null) return;
        rss.peak = Math.max(rss.peak, sample.rssMb);
        if (!sending) return;
        lag.p99 = Math.max(lag.p99, sample.lagP99Ms);
        lag.max = Math.max(lag.max, sample.lagMaxMs);
      });
    }, 1_000);

    const result = await runPaced({
      url: server.url,
      rate: o.rate,
      durationSeconds: o.duration,
      sockets: o.connections,
      next: (n) => {
        const user = users[n % users.length] ?? '';
        const replyToken = line.issueReplyToken({ to: user });
        const eventId = `BENCH${String(n).padStart(21, '0')}`;
        eventIds[n] = eventId;
        sentAt.set(eventId, Date.now());
        byToken.set(replyToken, eventId);
        byRetryKey.set(deriveRetryKey(`event:${eventId}`, 0), eventId);
        return webhookRequest(eventId, user, replyToken, questions[n % questions.length] ?? '');
      },
      onResponse: (n, status) => {
        const id = eventIds[n];
        if (status >= 200 && status < 300 && id !== undefined) accepted.add(id);
      },
    });
    const sendEnd = Date.now();
    sending = false;
    const loadAverage = loadavg()[0] ?? 0;
    const statuses = result.statuses;
    const ok = statuses.filter((st) => st >= 200 && st < 300).length;
    const failed = statuses.filter((st) => st === 0).length;
    const serverSide = await readWebhookLatency(server.url);
    log(`sent ${result.sent}, 2xx ${ok}, non-2xx ${statuses.length - ok - failed}, errors ${failed}`);

    // Wait for every accepted event's reply (bounded).
    const delivered = () => {
      const counts = new Map<string, number>();
      for (const d of line.deliveries) {
        const id = eventOf(d);
        if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    };
    const deadline = Date.now() + o.drain * 1000;
    let counts = delivered();
    while ([...accepted].some((id) => !counts.has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      counts = delivered();
    }
    const drainSeconds = (Date.now() - sendEnd) / 1000;
    clearInterval(sampler);
    const last = await sampleProcess(server.url);
    rss.end = last?.rssMb ?? 0;
    rss.peak = Math.max(rss.peak, rss.end);

    const first = new Map<string, number>();
    for (const d of line.deliveries) {
      const id = eventOf(d);
      if (id !== undefined && !first.has(id)) first.set(id, d.at);
    }
    const latencies = [...first].map(([id, at]) => at - (sentAt.get(id) ?? at));
    const lost = [...accepted].filter((id) => !counts.has(id)).length;
    const duplicates = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
    return {
      database: kind,
      split,
      targetRate: o.rate,
      durationSeconds: round(result.seconds),
      sent: result.sent,
      accepted: accepted.size,
      acceptedPerSecond: round(accepted.size / result.seconds),
      non2xx: statuses.length - ok - failed,
      errors: failed,
      responseMs: {
        p50: round(percentile(result.latenciesMs, 50)),
        p99: round(percentile(result.latenciesMs, 99)),
        max: round(Math.max(...result.latenciesMs)),
      },
      serverResponseMs: serverSide,
      replyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: Math.max(...latencies),
      },
      replied: counts.size,
      lost,
      duplicates,
      drainSeconds: Math.round(drainSeconds * 10) / 10,
      processedPerSecond: round(
        first.size / ((Math.max(trafficStart, ...first.values()) - trafficStart) / 1000),
      ),
      serverCpuMsPerEvent: round(
        (((last?.cpuSeconds ?? 0) - (initial?.cpuSeconds ?? 0)) * 1000) / Math.max(1, accepted.size),
      ),
      rssMb: rss,
      generatorSlipMs: result.slipMs,
      eventLoopLagMs: lag,
      loadAverage: Math.round(loadAverage * 100) / 100,
      ...(openai === undefined || o.modelLatencyMs === undefined
        ? {}
        : {
            model: {
              chatLatencyMs: o.modelLatencyMs,
              embeddingLatencyMs: o.embeddingLatencyMs,
              chatCalls: openai.requests.filter((r) => r.path.endsWith('/chat/completions')).length,
              embeddingCalls: openai.requests.filter((r) => r.path.endsWith('/embeddings')).length,
            },
          }),
      ...(o.workers === undefined ? {} : { workers: o.workers }),
    };
  } finally {
    if (server.running) await server.stop();
    if (processor?.running) await processor.stop();
    await line.close();
    await openai?.close();
    await rm(dir, { recursive: true, force: true });
    await dropTestDatabase(databaseUrl, pgUrl);
  }
}

/**
 * The OpenAI fake answering as a cooperative model would, after the given delay: triage sends questions
 * to the answer route, and the answer quotes the first passage's first sentence and cites it (so the
 * engine's grounding check accepts it). What is measured is the pipeline waiting on a model, not a model.
 */
async function startModelFake(chatLatencyMs: number, embeddingLatencyMs: number): Promise<OpenAiFake> {
  const openai = await startOpenAiFake();
  openai.latencyMs.chat = chatLatencyMs;
  openai.latencyMs.embeddings = embeddingLatencyMs;
  openai.chat.fallback = (request: ChatRequest): ChatReply => {
    const name = request.response_format?.json_schema?.name ?? request.tools?.[0]?.function.name;
    if (name === 'triage') {
      return {
        kind: 'json',
        value: {
          route: 'answer',
          about_specific_person: false,
          crisis_signs: false,
          urgency: null,
          topic: 'stress_check',
          decline_reason: null,
        },
      };
    }
    const input = request.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
    const quoted = /<passage id="P1">\n[^\n]*\n([^。]*。)/u.exec(input)?.[1];
    return {
      kind: 'json',
      value:
        quoted === undefined
          ? { supported: false, answer: '', citations: [] }
          : { supported: true, answer: quoted, citations: ['P1'] },
    };
  };
  return openai;
}

function webhookRequest(eventId: string, user: string, replyToken: string, text: string): PacedRequest {
  const body = JSON.stringify({
    destination: `U${'0'.repeat(32)}`,
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        source: { type: 'user', userId: user },
        webhookEventId: eventId,
        deliveryContext: { isRedelivery: false },
        replyToken,
        message: { type: 'text', id: eventId, quoteToken: 'q', text },
      },
    ],
  });
  return {
    path: '/webhooks/line',
    body,
    headers: {
      'content-type': 'application/json',
      'x-line-signature': createHmac('sha256', secret).update(body).digest('base64'),
    },
  };
}

/**
 * A few conversations answered end to end before measuring: the first turn loads the engine's lazy parts
 * (the knowledge index, dictionaries, modules), which blocks the event loop once, at start, not under load.
 */
async function warmUp(url: string, line: LineEmulator): Promise<void> {
  const before = line.deliveries.length;
  for (const [i, text] of questions.entries()) {
    const user = `U${randomBytes(16).toString('hex')}`;
    const r = webhookRequest(
      `WARM${String(i).padStart(22, '0')}`,
      user,
      line.issueReplyToken({ to: user }),
      text,
    );
    await fetch(`${url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
  }
  const deadline = Date.now() + 120_000;
  while (line.deliveries.length - before < questions.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
