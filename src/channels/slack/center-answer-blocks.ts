/**
 * Block Kit for the knowledge-gap loop (issue 15): the gaps list with 「回答を作成」「対応不要」, the modal
 * a staff member drafts a center answer in, and the post a second staff member approves from (then
 * withdraws from). Every text a user wrote is escaped; every field is cut to Block Kit's limits.
 */
import type { types } from '@slack/bolt';
import type { CenterAnswer } from '../../core/feedback/center-answers.ts';
import { centerAnswerLimits } from '../../core/feedback/center-answers.ts';
import { describeGap, type GapGroup } from '../../core/feedback/knowledge-gaps.ts';
import { clampText, escapeMrkdwn, mentionStaff, truncate } from './mrkdwn.ts';

type Block = types.KnownBlock;

export const centerAnswerActionIds = {
  draftFromGap: 'gap_answer',
  dismissGap: 'gap_dismiss',
  approve: 'center_answer_approve',
  reject: 'center_answer_reject',
  withdraw: 'center_answer_withdraw',
} as const;

export const draftModal = {
  callbackId: 'center_answer_draft',
  centerBlock: 'ca_center',
  centerAction: 'center',
  questionBlock: 'ca_question',
  questionAction: 'question',
  answerBlock: 'ca_answer',
  answerAction: 'answer',
  sourcesBlock: 'ca_sources',
  sourcesAction: 'sources',
  topicBlock: 'ca_topic',
  topicAction: 'topic',
} as const;

/** At most this many gap groups in one message (two blocks each, under the 50-block limit). */
export const gapGroupsShown = 15;
/** Decision ids a 「対応不要」 button carries (Slack's 2,000-character button value). */
const dismissIdsPerButton = 50;

/** `actions`: 「回答を作成」「対応不要」 under each group (only where center answers are configured). */
export function renderGapBlocks(
  month: string,
  groups: readonly GapGroup[],
  actions: boolean,
): { text: string; blocks: Block[] } {
  const [year, m] = month.split('-').map(Number);
  const title = `${year}年${m}月の回答できなかった質問・役に立たなかった回答`;
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } }];
  if (groups.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '該当する質問はありません。' } });
    return { text: title, blocks };
  }
  for (const g of groups.slice(0, gapGroupsShown)) {
    const d = describeGap(g);
    const newest = g.items[0]!;
    const lines = [
      `*「${escapeMrkdwn(truncate(d.question, 200))}」* ${d.counts} 最新 ${d.newest}`,
      d.topic === null ? undefined : `話題: ${escapeMrkdwn(d.topic)}`,
      d.sources === null ? '回答: 資料に記述なし' : `回答の出典: ${escapeMrkdwn(truncate(d.sources, 300))}`,
      d.comment === null ? undefined : `利用者のコメント: 「${escapeMrkdwn(truncate(d.comment, 200))}」`,
    ].filter((l) => l !== undefined);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clampText(lines.join('\n')) } });
    if (!actions) continue;
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: centerAnswerActionIds.draftFromGap,
          text: { type: 'plain_text', text: '回答を作成' },
          style: 'primary',
          value: newest.decisionId,
        },
        {
          type: 'button',
          action_id: centerAnswerActionIds.dismissGap,
          text: { type: 'plain_text', text: '対応不要' },
          value: g.items
            .slice(0, dismissIdsPerButton)
            .map((i) => i.decisionId)
            .join(','),
        },
      ],
    });
  }
  if (groups.length > gapGroupsShown)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `ほか ${groups.length - gapGroupsShown} 件のグループがあります。` }],
    });
  return { text: title, blocks };
}

export interface DraftModalContent {
  /** JSON: the gap's decision id and the channel the modal was opened from. */
  metadata: string;
  question: string;
  topic: string | null;
  centers: readonly { id: string; name: string }[];
  centerId: string | null;
}

export function renderDraftModal(content: DraftModalContent): types.ModalView {
  const options = content.centers.slice(0, 100).map((c) => ({
    text: { type: 'plain_text' as const, text: truncate(c.name, 75) },
    value: c.id,
  }));
  const initial = options.find((o) => o.value === content.centerId);
  return {
    type: 'modal',
    callback_id: draftModal.callbackId,
    private_metadata: content.metadata,
    title: { type: 'plain_text', text: 'センターの回答を作成' },
    submit: { type: 'plain_text', text: '承認を依頼' },
    close: { type: 'plain_text', text: 'やめる' },
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '別の担当者が承認すると、利用者への回答に「〇〇産業保健総合支援センターの回答」として出典つきで使われます。個人が特定できる内容は書かないでください。',
          },
        ],
      },
      {
        type: 'input',
        block_id: draftModal.centerBlock,
        label: { type: 'plain_text', text: 'センター' },
        element: {
          type: 'static_select',
          action_id: draftModal.centerAction,
          options,
          ...(initial === undefined ? {} : { initial_option: initial }),
        },
      },
      {
        type: 'input',
        block_id: draftModal.questionBlock,
        label: { type: 'plain_text', text: '質問（一般的な言い方に直してください）' },
        element: {
          type: 'plain_text_input',
          action_id: draftModal.questionAction,
          initial_value: truncate(content.question, centerAnswerLimits.question),
          max_length: centerAnswerLimits.question,
        },
      },
      {
        type: 'input',
        block_id: draftModal.answerBlock,
        label: { type: 'plain_text', text: '回答' },
        element: {
          type: 'plain_text_input',
          action_id: draftModal.answerAction,
          multiline: true,
          max_length: centerAnswerLimits.answer,
        },
      },
      {
        type: 'input',
        block_id: draftModal.sourcesBlock,
        label: { type: 'plain_text', text: '根拠となる公式ページのURL（1行に1つ）' },
        hint: {
          type: 'plain_text',
          text: 'mhlw.go.jp・johas.go.jp・e-gov.go.jp・jaish.gr.jp のページだけを根拠にできます。',
        },
        element: { type: 'plain_text_input', action_id: draftModal.sourcesAction, multiline: true },
      },
      {
        type: 'input',
        block_id: draftModal.topicBlock,
        optional: true,
        label: { type: 'plain_text', text: '話題' },
        element: {
          type: 'plain_text_input',
          action_id: draftModal.topicAction,
          max_length: centerAnswerLimits.topic,
          ...(content.topic === null
            ? {}
            : { initial_value: truncate(content.topic, centerAnswerLimits.topic) }),
        },
      },
    ],
  };
}

const statusLine = (a: CenterAnswer): string => {
  switch (a.status) {
    case 'draft':
      return `⏳ 承認待ち（作成 ${mentionStaff(a.draftedBy.id)}）。作成者以外の担当者が承認してください。`;
    case 'approved':
      return `✅ 承認済み・回答に使われています（作成 ${mentionStaff(a.draftedBy.id)}、承認 ${mentionStaff(a.approvedBy?.id ?? '')}）`;
    case 'rejected':
      return `↩️ 差し戻されました（${mentionStaff(a.closedBy?.id ?? '')}）`;
    case 'withdrawn':
      return `🚫 取り下げました・回答には使われません（${mentionStaff(a.closedBy?.id ?? '')}）`;
  }
};

/** The post staff approve from: the answer as users will read it, its sources, and the buttons. */
export function renderCenterAnswerPost(
  answer: CenterAnswer,
  centerName: string,
): { text: string; blocks: Block[] } {
  const text = `センターの回答（${centerName}）：${truncate(answer.question, 80)}`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: '📝 センターの回答' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clampText(
          [
            `*センター*：${escapeMrkdwn(centerName)}`,
            `*質問*：${escapeMrkdwn(answer.question)}`,
            answer.topic === null ? undefined : `*話題*：${escapeMrkdwn(answer.topic)}`,
          ]
            .filter((l) => l !== undefined)
            .join('\n'),
        ),
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: clampText(`*回答*\n${escapeMrkdwn(answer.answer)}`) } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: clampText(`根拠：${answer.sourceUrls.map((u) => escapeMrkdwn(u)).join('\n')}`, 2000),
        },
      ],
    },
    ...renderCenterAnswerState(answer),
  ];
  return { text, blocks };
}

/** Four blocks for a list (`/sanpo answers`, App Home): the answer shortened, its state and buttons. */
export function renderCenterAnswerSummary(answer: CenterAnswer, centerName: string): Block[] {
  return [
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clampText(
          `*「${escapeMrkdwn(truncate(answer.question, 150))}」*（${escapeMrkdwn(truncate(centerName, 40))}）\n` +
            `${escapeMrkdwn(truncate(answer.answer, 400))}\n根拠：${escapeMrkdwn(truncate(answer.sourceUrls.join(' '), 400))}`,
        ),
      },
    },
    ...renderCenterAnswerState(answer),
  ];
}

export function renderCenterAnswerState(answer: CenterAnswer): Block[] {
  const blocks: Block[] = [
    { type: 'context', block_id: 'ca_status', elements: [{ type: 'mrkdwn', text: statusLine(answer) }] },
  ];
  const button = (actionId: string, label: string, style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: label },
    value: answer.id,
    ...(style === undefined ? {} : { style }),
  });
  if (answer.status === 'draft')
    blocks.push({
      type: 'actions',
      block_id: 'ca_actions',
      elements: [
        button(centerAnswerActionIds.approve, '承認する', 'primary'),
        button(centerAnswerActionIds.reject, '差し戻す'),
      ],
    });
  if (answer.status === 'approved')
    blocks.push({
      type: 'actions',
      block_id: 'ca_actions',
      elements: [button(centerAnswerActionIds.withdraw, '取り下げる', 'danger')],
    });
  return blocks;
}
