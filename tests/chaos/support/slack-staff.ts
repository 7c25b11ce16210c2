/**
 * Center staff in Slack during the crash test: they claim every handoff post and answer in its thread,
 * and accept every booking post, the way Slack delivers those actions (signed block_actions and Events API
 * callbacks). Slack retries an event the server did not acknowledge with the same event_id and
 * X-Slack-Retry-Num; a button click a person repeats when the app did not answer. Both are done here.
 * The emulator fails about one call in five (500, or 429 with Retry-After).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { bookingActionIds } from '../../../src/channels/slack/booking-blocks.ts';
import { handoffActionIds } from '../../../src/channels/slack/handoff-blocks.ts';
import type { SlackEmulator, StoredMessage } from '../../fakes/slack-emulator.ts';

export const slackSigningSecret = 'chaos-slack-signing-secret';
export const staffChannel = 'C0CHAOSSTAFF';
export const staffUser = 'UCHAOSSTAFF1';

export interface StaffAction {
  kind: 'claim' | 'reply' | 'accept';
  subject: string;
  /** For replies: the text staff wrote (a unique marker, so the user's push can be found). */
  text?: string;
  acceptedAt?: number;
  /** Deliveries tried, and what the last one got (an HTTP status or an error name): for failure reports. */
  attempts?: number;
  lastOutcome?: number | string;
}

/**
 * About `rate` of the posting calls fail: after each observed call, the next one may be set to fail.
 * Returns a stop function and the number of failures injected so far.
 */
export function injectSlackFailures(
  slack: SlackEmulator,
  rate: number,
): { stop(): void; injected(): number } {
  let seen = 0;
  // The first post fails for sure: the path that matters most is exercised in every run.
  slack.failNext('chat.postMessage', { status: 500 }, 1);
  let injected = 1;
  const timer = setInterval(() => {
    // Every method but auth.test, which Bolt calls once at start (a failure there stops the start-up).
    const calls = slack.calls.filter((c) => c.method !== 'auth.test');
    for (; seen < calls.length; seen++) {
      if (Math.random() >= rate) continue;
      const method = calls[seen]?.method ?? 'chat.postMessage';
      slack.failNext(method, Math.random() < 0.5 ? { status: 500 } : { status: 429, retryAfter: 1 }, 1);
      injected++;
    }
  }, 20);
  return { stop: () => clearInterval(timer), injected: () => injected };
}

function buttonValue(message: StoredMessage, actionId: string): string | undefined {
  const stack: unknown[] = [...message.blocks];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    if (record.action_id === actionId && typeof record.value === 'string') return record.value;
    stack.push(...Object.values(record));
  }
  return undefined;
}

export function createStaff(slack: SlackEmulator, url: () => string) {
  const done = new Set<string>();
  const actions: StaffAction[] = [];

  const post = async (body: string, contentType: string, retryNum = 0): Promise<number | string> => {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(`${url()}/slack/events`, {
        method: 'POST',
        body,
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': `v0=${createHmac('sha256', slackSigningSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
          ...(retryNum === 0
            ? {}
            : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_error' }),
        },
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch (error) {
      return error instanceof Error ? error.name : 'error';
    }
  };

  const click = (message: StoredMessage, actionId: string, value: string) => {
    const payload = {
      type: 'block_actions',
      team: { id: slack.teamId, domain: 'sanpo-chaos' },
      user: { id: staffUser, username: 'staff', name: 'staff', team_id: slack.teamId },
      api_app_id: 'A0SANPO001',
      token: 'legacy-verification-token',
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: false,
      },
      trigger_id: slack.createTriggerId(),
      channel: { id: message.channel, name: 'staff' },
      message: { type: 'message', ts: message.ts, text: '' },
      response_url: slack.createResponseUrl(),
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'case_actions',
          value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
    return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  };

  const threadReply = (message: StoredMessage, text: string) => {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(randomBytes(3).readUIntBE(0, 3)).padStart(6, '0')}`;
    return JSON.stringify({
      token: 'legacy-verification-token',
      team_id: slack.teamId,
      api_app_id: 'A0SANPO001',
      type: 'event_callback',
      event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: slack.teamId, user_id: slack.botUserId, is_bot: true }],
      event: {
        type: 'message',
        channel: message.channel,
        channel_type: 'channel',
        user: staffUser,
        text,
        ts,
        thread_ts: message.ts,
        parent_user_id: slack.botUserId,
        event_ts: ts,
      },
    });
  };

  /** Delivers until 2xx (bounded), as Slack's retries and an insistent person would. */
  const deliver = async (body: string, contentType: string, action: StaffAction) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const outcome = await post(
        body,
        contentType,
        contentType === 'application/json' ? Math.min(attempt, 3) : 0,
      );
      action.attempts = attempt + 1;
      action.lastOutcome = outcome;
      if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
        action.acceptedAt = Date.now();
        return;
      }
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 1_000));
    }
  };

  /** One pass over the staff channel: act once on every parent post not handled yet. */
  async function actOnce(): Promise<void> {
    for (const message of slack.messagesIn(staffChannel)) {
      if (message.threadTs !== undefined && message.threadTs !== message.ts) continue;
      const claim = buttonValue(message, handoffActionIds.claim);
      if (claim !== undefined && !done.has(`claim:${claim}`)) {
        done.add(`claim:${claim}`);
        const a: StaffAction = { kind: 'claim', subject: claim };
        actions.push(a);
        await deliver(click(message, handoffActionIds.claim, claim), 'application/x-www-form-urlencoded', a);
        const text = `担当の者です。ご連絡ありがとうございます。REPLY-${randomBytes(4).toString('hex')}`;
        const r: StaffAction = { kind: 'reply', subject: claim, text };
        actions.push(r);
        await deliver(threadReply(message, text), 'application/json', r);
      }
      const accept = buttonValue(message, bookingActionIds.accept);
      if (accept !== undefined && !done.has(`accept:${accept}`)) {
        done.add(`accept:${accept}`);
        const a: StaffAction = { kind: 'accept', subject: accept };
        actions.push(a);
        await deliver(
          click(message, bookingActionIds.accept, accept),
          'application/x-www-form-urlencoded',
          a,
        );
      }
    }
  }

  return { actions, actOnce };
}
