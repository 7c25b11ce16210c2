/** Reads what the load benchmark needs from the server's own /metrics (Prometheus text). */

export interface ProcessSample {
  rssMb: number;
  /** User + system CPU time of the server process so far. */
  cpuSeconds: number;
  /**
   * Event-loop delay since the previous scrape (prom-client resets its histogram on every scrape, so take
   * exactly one scrape per sample), minus the 10 ms timer tick that Node's monitor itself sleeps.
   */
  lagP99Ms: number;
  lagMaxMs: number;
}

const monitorTickMs = 10;

export async function sampleProcess(url: string): Promise<ProcessSample | null> {
  let text: string;
  try {
    text = await (await fetch(`${url}/metrics`)).text();
  } catch {
    // The server is busy or gone: skip this sample.
    return null;
  }
  const lag = (name: string) => Math.max(0, Math.round(readGauge(text, name) * 1000 - monitorTickMs));
  return {
    rssMb: Math.round(readGauge(text, 'sanpo_process_resident_memory_bytes') / 1_048_576),
    cpuSeconds: readGauge(text, 'sanpo_process_cpu_seconds_total'),
    lagP99Ms: lag('sanpo_nodejs_eventloop_lag_p99_seconds'),
    lagMaxMs: lag('sanpo_nodejs_eventloop_lag_max_seconds'),
  };
}

function readGauge(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)`, 'm').exec(text);
  return m === null ? 0 : Number(m[1]);
}

/**
 * Percentiles of the webhook's 2xx responses from the server's histogram (bucket upper bounds, ms): the
 * time from the handler's start to the response's end, i.e. without waiting in the server's event loop
 * before the handler ran.
 */
export async function readWebhookLatency(
  url: string,
): Promise<{ p50: number; p99: number; under50ms: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets: { le: number; count: number }[] = [];
  for (const m of text.matchAll(/^sanpo_http_response_seconds_bucket\{([^}]*)\} (\d+)/gm)) {
    const labels = m[1] ?? '';
    if (!labels.includes('route="/webhooks/line"') || !labels.includes('status="2xx"')) continue;
    const le = /le="([^"]+)"/.exec(labels)?.[1] ?? '+Inf';
    buckets.push({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le) * 1000, count: Number(m[2]) });
  }
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  const at = (q: number) => buckets.find((b) => b.count >= q * total)?.le ?? Number.NaN;
  const under50 = buckets.find((b) => b.le === 50)?.count ?? 0;
  return {
    p50: at(0.5),
    p99: at(0.99),
    under50ms: total === 0 ? 0 : Math.round((under50 / total) * 1000) / 10,
  };
}
