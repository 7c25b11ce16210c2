/**
 * Sends users' scripted LINE events the way LINE does: each event signed over its exact bytes, a reply
 * token issued by the emulator, one user's events in order. When the server does not answer 2xx (it is
 * down, or died mid-request), the same event is redelivered (same webhookEventId and token,
 * `isRedelivery: true`) until it is accepted, as LINE's webhook redelivery does.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { deriveRetryKey } from '../../../src/channels/line/retry-key.ts';
import type { Delivery, LineEmulator } from '../../fakes/line-emulator.ts';

export type Step =
  | { text: string }
  | { postback: string; params?: Record<string, string> }
  | { follow: true };

export interface UserScript {
  userId: string;
  kind: string;
  steps: Step[];
}

export interface SentEvent {
  id: string;
  userId: string;
  kind: string;
  step: number;
  replyToken: string | undefined;
  sentAt: number;
  /** When the first 2xx came back; undefined when never accepted. */
  acceptedAt: number | undefined;
  attempts: number;
}

export function lineUserId(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

function eventId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join('');
}

function buildEvent(
  user: string,
  step: Step,
  id: string,
  replyToken: string,
  timestamp: number,
  redelivery: boolean,
) {
  const common = {
    mode: 'active',
    timestamp,
    source: { type: 'user', userId: user },
    webhookEventId: id,
    deliveryContext: { isRedelivery: redelivery },
    replyToken,
  };
  if ('follow' in step) return { ...common, type: 'follow', follow: { isUnblocked: false } };
  if ('postback' in step) {
    return {
      ...common,
      type: 'postback',
      postback: { data: step.postback, ...(step.params === undefined ? {} : { params: step.params }) },
    };
  }
  return {
    ...common,
    type: 'message',
    message: { type: 'text', id: id.slice(0, 12), quoteToken: 'q', text: step.text },
  };
}

export interface TrafficOptions {
  url: () => string;
  secret: string;
  line: LineEmulator;
  /** Pause between one user's events (ms): people do not type at machine speed. */
  thinkMs?: number;
  /** Give up redelivering an event after this long (ms). */
  redeliverForMs?: number;
  signal?: AbortSignal;
}

/** Posts every user's steps (users in parallel, each in order) and returns what was sent. */
export async function sendTraffic(
  users: readonly UserScript[],
  options: TrafficOptions,
): Promise<SentEvent[]> {
  const sent: SentEvent[] = [];
  await Promise.all(
    users.map(async (user) => {
      for (const [index, step] of user.steps.entries()) {
        if (options.signal?.aborted) return;
        const event: SentEvent = {
          id: eventId(),
          userId: user.userId,
          kind: user.kind,
          step: index,
          replyToken: options.line.issueReplyToken({ to: user.userId }),
          sentAt: Date.now(),
          acceptedAt: undefined,
          attempts: 0,
        };
        sent.push(event);
        await deliverUntilAccepted(user.userId, step, event, options);
        await new Promise((r) => setTimeout(r, (options.thinkMs ?? 300) * (0.5 + Math.random())));
      }
    }),
  );
  return sent;
}

async function deliverUntilAccepted(user: string, step: Step, event: SentEvent, options: TrafficOptions) {
  const deadline = Date.now() + (options.redeliverForMs ?? 300_000);
  while (Date.now() < deadline && !options.signal?.aborted) {
    const body = JSON.stringify({
      destination: `U${'0'.repeat(32)}`,
      events: [buildEvent(user, step, event.id, event.replyToken ?? '', event.sentAt, event.attempts > 0)],
    });
    event.attempts++;
    try {
      const res = await fetch(`${options.url()}/webhooks/line`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': createHmac('sha256', options.secret).update(body).digest('base64'),
        },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) {
        event.acceptedAt = Date.now();
        return;
      }
    } catch {
      // Down, refused or reset mid-request: LINE would redeliver, and so does this sender.
    }
    await new Promise((r) => setTimeout(r, 250 + Math.random() * 500));
  }
}

/** The emulator's deliveries that belong to one event's reply batch: by its reply token or its retry key. */
export function deliveriesFor(line: LineEmulator, event: SentEvent, batchIndex = 0): Delivery[] {
  const retryKey = deriveRetryKey(`event:${event.id}`, batchIndex);
  return line.deliveries.filter(
    (d) =>
      d.retryKey === retryKey ||
      (batchIndex === 0 && d.replyToken !== null && d.replyToken === event.replyToken),
  );
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
