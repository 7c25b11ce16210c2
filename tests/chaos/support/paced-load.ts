/**
 * An open-loop load generator: one request every 1/rate seconds, whatever the responses do, as LINE's
 * platform sends events as they happen. autocannon's `overallRate` is not that: each connection sends its
 * share of a second back to back as soon as the second starts and then pauses, so "200/s" arrives as a burst
 * of 200 at every second boundary and the queue in front of the server, not the server, sets the p99.
 * Latency is measured from the moment a request was due, so a generator that falls behind (its own event
 * loop busy on a shared 2-core machine) shows up in the figures instead of hiding them; `slipMs` says how
 * far behind it fell.
 */
import { Agent, createServer, request } from 'node:http';
import { createRequire } from 'node:module';
import { percentile } from './line-traffic.ts';

export interface PacedRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface PacedResult {
  sent: number;
  /** Status code (0: a network error or timeout) by request index. */
  statuses: number[];
  latenciesMs: number[];
  seconds: number;
  /** How late the generator sent its requests: p99 and max (ms). */
  slipMs: { p99: number; max: number };
}

export async function runPaced(options: {
  url: string;
  rate: number;
  durationSeconds: number;
  /** Sockets kept open to the server; a request waits for a free one (default 64). */
  sockets?: number;
  timeoutMs?: number;
  next: (index: number) => PacedRequest;
  onResponse?: (index: number, status: number) => void;
}): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.sockets ?? 64 });
  const target = new URL(options.url);
  const total = Math.round(options.rate * options.durationSeconds);
  const intervalMs = 1000 / options.rate;
  const statuses: number[] = [];
  const latenciesMs: number[] = [];
  const slips: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let sent = 0;

  const fire = (index: number, dueAt: number) => {
    const r = options.next(index);
    slips.push(performance.now() - dueAt);
    const done = new Promise<void>((resolve) => {
      const finish = (status: number) => {
        statuses[index] = status;
        latenciesMs.push(performance.now() - dueAt);
        options.onResponse?.(index, status);
        resolve();
      };
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: r.path,
          headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
          timeout: options.timeoutMs ?? 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => finish(res.statusCode ?? 0));
          res.on('error', () => finish(0));
        },
      );
      req.on('timeout', () => req.destroy());
      req.on('error', () => finish(0));
      req.end(r.body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * intervalMs <= now) {
        fire(sent, start + sent * intervalMs);
        sent++;
      }
      if (sent >= total) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    sent,
    statuses,
    latenciesMs,
    seconds,
    slipMs: { p99: round(percentile(slips, 99)), max: round(Math.max(0, ...slips)) },
  };
}

/** What this machine gives a do-nothing HTTP server at the same rate, from the same generator. */
export async function measureFloor(rate: number, seconds = 5): Promise<{ p50: number; p99: number }> {
  const trivial = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => trivial.listen(0, '127.0.0.1', () => resolve()));
  const port = (trivial.address() as { port: number }).port;
  const r = await runPaced({
    url: `http://127.0.0.1:${port}`,
    rate,
    durationSeconds: seconds,
    next: () => ({ path: '/', body: '{"events":[]}', headers: { 'content-type': 'application/json' } }),
  });
  await new Promise((resolve) => trivial.close(resolve));
  return { p50: round(percentile(r.latenciesMs, 50)), p99: round(percentile(r.latenciesMs, 99)) };
}

/** The trivial server's floor with autocannon's rate limiting, to show what its bursts cost by themselves. */
export async function measureAutocannonFloor(rate: number): Promise<{ p50: number; p99: number }> {
  const trivial = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => trivial.listen(0, '127.0.0.1', () => resolve()));
  const port = (trivial.address() as { port: number }).port;
  const autocannon = createRequire(import.meta.url)('autocannon') as (
    options: Record<string, unknown>,
  ) => Promise<{ latency: { p50: number; p99: number } }>;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 20,
    overallRate: rate,
    duration: 5,
    method: 'POST',
    body: '{"events":[]}',
  });
  await new Promise((resolve) => trivial.close(resolve));
  return { p50: r.latency.p50, p99: r.latency.p99 };
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
