/**
 * Slack's side of Socket Mode, for the Slack emulator: `apps.connections.open` hands out a one-time
 * WebSocket URL; on connect the server says `hello`, then sends envelopes (`events_api`, `interactive`,
 * `slash_commands`) that the app acknowledges with their `envelope_id`. Like Slack, an envelope nobody
 * acknowledged can be sent again with `retry_attempt` + 1, and `recycle()` asks the app to reconnect
 * (a `disconnect` message, as Slack sends before it moves a connection). Server pings keep the client's
 * 30-second ping watchdog quiet. Protocol: docs.slack.dev/apis/events-api/using-socket-mode.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptWebSocket, type WebSocketPeer } from './websocket-server.ts';

export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

export interface SlackSocketMode {
  /** `apps.connections.open`: a fresh URL for one connection. */
  openConnectionUrl(): string;
  /** The emulator's HTTP server passes upgrade requests for /socket/* here. */
  handleUpgrade(req: IncomingMessage, socket: Duplex): void;
  /** Connections opened so far (a reconnect adds one). */
  readonly connectionCount: number;
  waitForConnection(count?: number, timeoutMs?: number): Promise<void>;
  /** Sends an envelope on the live connection; returns its id. */
  send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options?: { envelopeId?: string; retryAttempt?: number },
  ): string;
  /** The ack's payload once the app acknowledged `envelopeId`; rejects after `timeoutMs`. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  acknowledged(envelopeId: string): boolean;
  recycle(): void;
  close(): void;
}

export function createSlackSocketMode(origin: () => string): SlackSocketMode {
  const tickets = new Set<string>();
  const acks = new Map<string, Record<string, unknown>>();
  let live: WebSocketPeer | undefined;
  let connectionCount = 0;
  const pinger = setInterval(() => live?.ping(), 10_000);
  pinger.unref();

  const waitUntil = async (probe: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`slack socket mode: ${what} not seen in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  return {
    openConnectionUrl() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${origin().replace(/^http/, 'ws')}/socket/${ticket}`;
    },
    handleUpgrade(req, socket) {
      const ticket = (req.url ?? '').split('/socket/')[1] ?? '';
      // Slack's URLs are single use: a replayed one is refused.
      if (!tickets.delete(ticket)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const peer = acceptWebSocket(req, socket, {
        onText(text) {
          const message = JSON.parse(text) as { envelope_id?: string; payload?: Record<string, unknown> };
          if (typeof message.envelope_id === 'string') acks.set(message.envelope_id, message.payload ?? {});
        },
        onClose() {
          if (live === peer) live = undefined;
        },
      });
      if (peer === undefined) return;
      live?.close(1001);
      live = peer;
      connectionCount++;
      peer.sendText(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'emulator', approximate_connection_time: 3600 },
          connection_info: { app_id: 'AEMULATOR1' },
        }),
      );
    },
    get connectionCount() {
      return connectionCount;
    },
    waitForConnection: (count = 1, timeoutMs = 10_000) =>
      waitUntil(() => connectionCount >= count && live !== undefined, timeoutMs, `connection ${count}`),
    send(type, payload, options = {}) {
      if (live === undefined) throw new Error('slack socket mode: no app connected');
      const envelopeId = options.envelopeId ?? randomUUID();
      live.sendText(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          ...(type === 'events_api'
            ? {
                retry_attempt: options.retryAttempt ?? 0,
                retry_reason: (options.retryAttempt ?? 0) > 0 ? 'timeout' : '',
              }
            : {}),
        }),
      );
      return envelopeId;
    },
    async waitForAck(envelopeId, timeoutMs = 10_000) {
      await waitUntil(() => acks.has(envelopeId), timeoutMs, `ack of ${envelopeId}`);
      return acks.get(envelopeId) ?? {};
    },
    acknowledged: (envelopeId) => acks.has(envelopeId),
    recycle() {
      live?.sendText(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested' }));
    },
    close() {
      clearInterval(pinger);
      live?.close(1001);
    },
  };
}
