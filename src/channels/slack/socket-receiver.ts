/**
 * Socket Mode, for a center whose app has no public URL. Bolt's own SocketModeReceiver acknowledges an
 * Events API envelope before the listeners run, so an app killed in the middle of a listener would lose a
 * staff reply that Slack believes delivered. This receiver acknowledges only after the listeners finished,
 * as the HTTP receiver does with `processBeforeResponse`: when a listener fails, or the app dies, the
 * envelope stays unacknowledged and Slack delivers it again (the event dedupe drops a repeat of one that
 * did finish). Listeners write to the database and enqueue; button handlers may also check channel
 * membership (cached) and answer on `response_url`: all well within Slack's 3 seconds.
 */
import type { App, Logger as BoltLogger, Receiver, ReceiverEvent, webApi } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';

export interface SocketReceiverOptions {
  appToken: string;
  logger: BoltLogger;
  /** The Web API client's options: `apps.connections.open` goes to the same (configurable) API URL. */
  clientOptions: webApi.WebClientOptions;
  /** Told when the listeners failed and the envelope was left for Slack to deliver again. */
  onUnacknowledged(error: unknown): void;
}

interface SlackEnvelope {
  ack(response?: Record<string, unknown>): Promise<void>;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

export function createSocketReceiver(options: SocketReceiverOptions): Receiver {
  const client = new SocketModeClient({
    appToken: options.appToken,
    logger: options.logger,
    clientOptions: options.clientOptions,
  });
  let app: App | undefined;

  client.on('slack_event', async (envelope: SlackEnvelope) => {
    if (app === undefined) return;
    // What a listener passes to ack() (a modal's errors, a command's reply) goes out with the late ack.
    let response: Record<string, unknown> | undefined;
    const event: ReceiverEvent = {
      body: envelope.body,
      ...(envelope.retry_num === undefined ? {} : { retryNum: envelope.retry_num }),
      ...(envelope.retry_reason === undefined ? {} : { retryReason: envelope.retry_reason }),
      ack: async (body?: unknown) => {
        if (body !== undefined && typeof body === 'object' && body !== null)
          response = body as Record<string, unknown>;
        else if (typeof body === 'string') response = { text: body };
      },
    };
    try {
      await app.processEvent(event);
    } catch (error) {
      options.onUnacknowledged(error);
      return;
    }
    await envelope.ack(response);
  });

  return {
    init: (bolt) => {
      app = bolt;
    },
    start: () => client.start(),
    stop: () => client.disconnect(),
  };
}
