/**
 * Staff replies in a case's thread. Only plain human messages (no subtype but `thread_broadcast`, no
 * `bot_id`) in a staff channel, inside the thread of a handoff post, by a member of that channel are
 * considered; the lifecycle decides whether they reach the user. When one does not, the author is told
 * privately why, so nobody believes the user got an answer they never saw.
 */
import type { App, webApi } from '@slack/bolt';
import type { HandoffLifecycle, RelayOutcome } from '../../core/handoff/lifecycle.ts';
import type { Logger } from '../../core/ports.ts';
import type { SlackPostsRepository } from '../../infra/db/slack-posts-repository.ts';
import { mentionStaff } from './mrkdwn.ts';
import { toPlainText } from './slack-text.ts';
import type { StaffAccess } from './staff-access.ts';

export interface ThreadRelayDeps {
  lifecycle: HandoffLifecycle;
  access: StaffAccess;
  posts: SlackPostsRepository;
  logger: Logger;
}

/** The fields of a Slack `message` event this listener reads. */
interface StaffMessage {
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs: string;
  hasFiles: boolean;
}

export function readStaffMessage(event: Record<string, unknown>): StaffMessage | undefined {
  const subtype = event.subtype;
  if (subtype !== undefined && subtype !== 'thread_broadcast' && subtype !== 'file_share') return undefined;
  if (event.bot_id !== undefined || typeof event.user !== 'string') return undefined;
  const { channel, ts, thread_ts: threadTs } = event;
  if (typeof channel !== 'string' || typeof ts !== 'string') return undefined;
  // A top-level message (or a thread's parent) is not a reply to a case.
  if (typeof threadTs !== 'string' || threadTs === ts) return undefined;
  return {
    channel,
    user: event.user,
    text: typeof event.text === 'string' ? event.text : '',
    ts,
    threadTs,
    hasFiles: Array.isArray(event.files) && event.files.length > 0,
  };
}

export function registerThreadRelay(app: App, deps: ThreadRelayDeps): void {
  app.event('message', async ({ event, client }) => {
    const message = readStaffMessage(event as unknown as Record<string, unknown>);
    if (message === undefined || !deps.access.isStaffChannel(message.channel)) return;
    const parent = await deps.posts.findByParentMessage(message.channel, message.threadTs);
    if (parent?.kind !== 'handoff') return;
    if (!(await deps.access.isMemberOf(message.channel, message.user))) return;
    const handoffId = parent.subjectId;
    const text = toPlainText(message.text);
    if (text === '') {
      if (message.hasFiles)
        await hint(client, message, 'ファイルや画像は利用者に送られません。文章で返信してください。');
      return;
    }
    const { outcome, handoff } = await deps.lifecycle.relayStaffReply({
      handoffId,
      staff: { id: `slack:${message.user}` },
      text,
      messageKey: `${message.channel}:${message.ts}`,
    });
    deps.logger.info({ handoffId, outcome }, 'staff thread reply');
    const why = explain(outcome, handoff?.claimedBy ?? null);
    if (why !== undefined) await hint(client, message, why);
    else if (message.hasFiles)
      await hint(client, message, '文章は送りました。ファイルや画像は利用者に送られません。');
  });
}

function explain(outcome: RelayOutcome, claimedBy: string | null): string | undefined {
  switch (outcome) {
    case 'not-claimed':
      return 'この返信は利用者に送られていません。先に「担当する」を押して担当になってから返信してください。';
    case 'owned-by-other':
      return `この相談の担当は ${claimedBy === null ? '別の方' : mentionStaff(claimedBy)} です。この返信は利用者に送られず、スタッフ間のメモとして残ります。`;
    case 'closed':
      return 'この相談は終了しているため、返信は利用者に送られていません。';
    case 'not-found':
      return 'この相談の記録が見つからないため、返信は利用者に送られていません。';
    default:
      return undefined;
  }
}

async function hint(client: webApi.WebClient, message: StaffMessage, text: string): Promise<void> {
  await client.chat.postEphemeral({
    channel: message.channel,
    user: message.user,
    thread_ts: message.threadTs,
    text,
  });
}
