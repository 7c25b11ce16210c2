/**
 * 「@さんぽアシスタント 地産保は何人未満の事業場が使えますか」 in a staff channel: staff see, in the thread,
 * the same grounded answer with sources that a user would get. The answer may take a model call, longer
 * than Slack's three-second ack, so the mention only enqueues a `slack.answer-mention` job.
 */
import type { App, types, webApi } from '@slack/bolt';
import { z } from 'zod';
import type { JobScheduler } from '../../core/handoff/job-scheduler.ts';
import type { GroundedAnswer, KnowledgeBase } from '../../core/knowledge/knowledge-base.ts';
import type { Logger } from '../../core/ports.ts';
import { clampText, escapeMrkdwn, truncate } from './mrkdwn.ts';
import { toPlainText } from './slack-text.ts';
import type { StaffAccess } from './staff-access.ts';

export const answerMentionJob = 'slack.answer-mention';

const MentionJob = z.object({
  channel: z.string(),
  threadTs: z.string(),
  question: z.string().min(1).max(2000),
});

export function registerMentionAnswer(app: App, deps: { access: StaffAccess; jobs: JobScheduler }): void {
  app.event('app_mention', async ({ event }) => {
    if (!deps.access.isStaffChannel(event.channel) || event.user === undefined) return;
    if (event.bot_id !== undefined) return;
    if (!(await deps.access.isMemberOf(event.channel, event.user))) return;
    // Mentions (the app's own included) are dropped; the rest is the question as a user would type it.
    const question = toPlainText(event.text);
    const threadTs = event.thread_ts ?? event.ts;
    const job = {
      channel: event.channel,
      threadTs,
      question: question === '' ? '' : truncate(question, 2000),
    };
    await deps.jobs.enqueue(answerMentionJob, job, { key: `slack:mention:${event.channel}:${event.ts}` });
  });
}

export function createMentionAnswerer(deps: {
  client: webApi.WebClient;
  knowledge: Pick<KnowledgeBase, 'answer'>;
  logger: Logger;
}) {
  return {
    async run(data: unknown): Promise<void> {
      const parsed = MentionJob.safeParse(data);
      if (!parsed.success) {
        // An empty mention: explain how to ask rather than failing the job forever.
        const bare = z.object({ channel: z.string(), threadTs: z.string() }).parse(data);
        await deps.client.chat.postMessage({
          channel: bare.channel,
          thread_ts: bare.threadTs,
          text: '質問を書いてメンションしてください。例：「@さんぽアシスタント 地域産業保健センターはどんな事業場が使えますか」',
        });
        return;
      }
      const { channel, threadTs, question } = parsed.data;
      const answer = await deps.knowledge.answer(question);
      deps.logger.info(
        { grounded: answer.grounded, answeredBy: answer.answeredBy },
        'answered a staff mention',
      );
      await deps.client.chat.postMessage({
        channel,
        thread_ts: threadTs,
        text: truncate(answer.text, 3000),
        blocks: renderAnswer(answer),
        unfurl_links: false,
      });
    },
  };
}

export function renderAnswer(answer: GroundedAnswer): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clampText(escapeMrkdwn(truncate(answer.text, 2900))) } },
  ];
  if (answer.citations.length > 0) {
    const sources = answer.citations.slice(0, 5).map((c) => {
      const title = escapeMrkdwn(truncate(c.title, 100));
      const label = c.url === undefined ? title : `<${c.url}|${title}>`;
      return `・${label}　${escapeMrkdwn(truncate(c.section, 150))}`;
    });
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: clampText(`*出典*\n${sources.join('\n')}`) }],
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: '資料に根拠が見つからないため、利用者には担当者への相談を案内します。' },
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `回答方法：${escapeMrkdwn(answer.answeredBy)}（利用者への回答と同じ仕組み）` },
    ],
  });
  return blocks;
}
