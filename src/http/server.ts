/**
 * The app's one HTTP server: node:http with a tiny exact-path router. There is deliberately no global body
 * parser: webhook handlers read the raw bytes themselves, because signatures are computed over them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer } from 'node:net';
import { AppError, toAppError } from '../core/errors.ts';
import type { Logger } from '../core/ports.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServer {
  /** Exact path match; `prefix: true` matches the path and everything below it. */
  route(method: string, path: string, handler: Handler, options?: { prefix?: boolean }): void;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /** Drains keep-alive clients, stops accepting connections and waits for open requests to finish. */
  close(): Promise<void>;
  readonly server: Server;
}

interface RouteEntry {
  method: string;
  path: string;
  prefix: boolean;
  handler: Handler;
}

export interface HttpServerOptions {
  /**
   * Called once per request when the response has been written (metrics). `route` is the matched route's
   * path, or `unmatched`, so label values stay a closed set whatever URL a client sends.
   */
  onResponse?: (info: { method: string; route: string; status: number; seconds: number }) => void;
  /** How long close() lets open keep-alive sockets finish (with `connection: close`); default 300 ms. */
  drainMs?: number;
}

export function createHttpServer(logger: Logger, options: HttpServerOptions = {}): HttpServer {
  const table: RouteEntry[] = [];
  // Shutdown without resetting anyone (see close()): while closing, every response tells the client to
  // close its connection, so keep-alive clients move off cleanly instead of losing a request to a reset.
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (options.onResponse !== undefined) observeResponse(req, res, options.onResponse);
    if (closing) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    void dispatch(req, res);
  });

  function observeResponse(
    req: IncomingMessage,
    res: ServerResponse,
    onResponse: NonNullable<HttpServerOptions['onResponse']>,
  ): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const entry = findRoute(req.method ?? 'GET', path);
      onResponse({
        method: req.method ?? 'GET',
        route: entry?.path ?? 'unmatched',
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
  }

  function findRoute(method: string, path: string): RouteEntry | undefined {
    return table.find(
      (r) =>
        (r.method === method || (r.method === 'GET' && method === 'HEAD')) &&
        (r.path === path || (r.prefix && path.startsWith(r.path.endsWith('/') ? r.path : `${r.path}/`))),
    );
  }
  // Keep-alive sockets would hold close() open; a webhook sender reconnects cheaply.
  server.keepAliveTimeout = 5_000;

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const entry = findRoute(req.method ?? 'GET', path);
    if (entry === undefined) {
      const known = table.some((r) => r.path === path);
      sendJson(res, known ? 405 : 404, { error: known ? 'method_not_allowed' : 'not_found' });
      return;
    }
    try {
      await entry.handler(req, res);
    } catch (error) {
      const appError = toAppError(error);
      logger.error({ code: appError.code, path: entry.path, err: appError }, 'request failed');
      if (!res.headersSent) sendJson(res, statusFor(appError), { error: appError.code });
      else res.end();
    }
  }

  return {
    server,
    route(method, path, handler, options = {}) {
      table.push({ method, path, handler, prefix: options.prefix ?? false });
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve({ port: address.port, url: `http://${host}:${address.port}` });
        });
      });
    },
    async close() {
      if (!server.listening) return;
      // http.Server#close() also drops idle keep-alive sockets at once, racing a client that is just
      // sending on one (it sees ECONNRESET and a webhook waits for redelivery). So: stop listening only
      // (net.Server#close), answer requests on open sockets with `connection: close` so their clients
      // finish and move on, and close the sockets still idle after a short drain.
      closing = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      const drained = new Promise((resolve) => setTimeout(resolve, options.drainMs ?? 300).unref());
      await Promise.race([closed, drained]);
      server.closeIdleConnections();
      await closed;
      // Clears http.Server's connection-checking timer; the socket is already closed.
      server.close();
    },
  };
}

function statusFor(error: AppError): number {
  switch (error.code) {
    case 'bad_request':
      return 400;
    case 'signature_invalid':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'rate_limited':
      return 429;
    case 'db_unavailable':
      return 503;
    default:
      return 500;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** Reads the raw request body, refusing more than `limitBytes` (413) without buffering the excess. */
export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    throw new AppError('payload_too_large', `Body over ${limitBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      req.resume();
      throw new AppError('payload_too_large', `Body over ${limitBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
