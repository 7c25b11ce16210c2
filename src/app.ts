/**
 * Builds the whole application from a parsed Config: database, adapters, core services, channels and the
 * HTTP server. main.ts calls it for `npm start`; integration tests call it to run the real server.
 */
import type { Config } from './config.ts';
import type { Logger } from './core/ports.ts';
import { createHttpServer, sendJson } from './http/server.ts';
import type { Db } from './infra/db/db.ts';
import { openDatabase } from './infra/db/open-db.ts';
import { createMetrics, type Metrics } from './infra/metrics.ts';

export interface RunningApp {
  url: string;
  port: number;
  db: Db;
  metrics: Metrics;
  /** Graceful: stop accepting requests, finish in-flight work, close the database. */
  close(): Promise<void>;
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  const metrics = createMetrics();
  const http = createHttpServer(logger, {
    onResponse: (r) => metrics.observeHttp(r.method, r.route, r.status, r.seconds),
  });
  const stoppers: (() => Promise<void>)[] = [];
  let ready = true;

  http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  http.route('GET', '/readyz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'stopping' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      sendJson(res, 503, { status: 'database_unavailable' });
    }
  });

  http.route('GET', '/metrics', async (_req, res) => {
    const body = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });

  const { port, url } = await http.listen(config.PORT, config.HOST);
  logger.info({ port, database: db.kind }, 'listening');

  return {
    url,
    port,
    db,
    metrics,
    async close() {
      ready = false;
      await http.close();
      for (const stop of stoppers.reverse()) await stop();
      await db.close();
    },
  };
}
