/**
 * Block Kit for handoff cases: the parent post in the staff channel, its status and buttons, re-alerts and
 * the user's messages in the thread. Everything staff read is Japanese; user text is escaped and quoted.
 */
import type { types } from '@slack/bolt';
import { formatJapaneseDateTime } from '../../core/handoff/business-hours.ts';
import type { HandoffRecord } from '../../core/handoff/handoff-repository.ts';
import type { HandoffAnnouncement, StaffMessageLine } from '../../core/staff-desk.ts';
import { clampText, escapeMrkdwn, mentionStaff, quote, truncate } from './mrkdwn.ts';

type Block = types.KnownBlock;

export const handoffActionIds = {
  claim: 'handoff_claim',
  resolve: 'handoff_resolve',
  returnToBot: 'handoff_return',
  takeOver: 'handoff_take_over',
} as const;

/** Blocks replaced when a case changes state; every other block of the parent post stays as posted. */
export const caseBlockIds = { status: 'case_status', actions: 'case_actions' } as const;

const maxLines = 10;
const speaker: Record<StaffMessageLine['from'], string> = { user: '利用者', bot: 'ボット', staff: '担当者' };

export interface HandoffPostContext {
  centerName: string;
  /** Slack user group id mentioned on crisis posts (`<!subteam^ID>`); `<!here>` without one. */
  oncallGroup: string | undefined;
}

export function renderHandoffPost(
  event: HandoffAnnouncement,
  context: HandoffPostContext,
): {
  text: string;
  blocks: Block[];
} {
  const crisis = event.route === 'crisis';
  const mention = crisis ? oncallMention(context.oncallGroup) : '';
  const blocks: Block[] = [renderHandoffHeader(event)];
  if (crisis) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${mention} 至急の対応をお願いします。利用者には119番・110番と相談窓口をすでに案内しています。`,
      },
    });
  }
  blocks.push(
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*区分*\n${crisis ? '危機対応' : '相談の引き継ぎ'}` },
        { type: 'mrkdwn', text: `*緊急度*\n${event.urgency === 'urgent' ? '至急' : '通常'}` },
        {
          type: 'mrkdwn',
          text: clampText(`*センター*\n${escapeMrkdwn(truncate(context.centerName, 100))}`, 2000),
        },
        { type: 'mrkdwn', text: `*経路*\n${channelLabel(event.user.channel)}` },
      ],
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*概要*\n${escapeMrkdwn(truncate(event.summary, 500))}` },
    },
  );
  const workplace = Object.entries(event.workplace).slice(0, 15);
  if (workplace.length > 0) {
    const rows = workplace.map(
      ([k, v]) => `・${escapeMrkdwn(truncate(k, 40))}：${escapeMrkdwn(truncate(v, 200))}`,
    );
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clampText(`*事業場について*\n${rows.join('\n')}`) },
    });
  }
  const recent = event.recentMessages.slice(-maxLines);
  if (recent.length > 0) {
    const lines = recent.map(renderLine).join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clampText(`*直近のやりとり*\n${lines}`) },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text:
          '「担当する」を押した人がこの相談の担当になります。担当者のスレッド返信は利用者に届きます' +
          '（「メモ:」または「note:」で始まる返信は届きません）。',
      },
    ],
  });
  blocks.push(...renderHandoffState({ id: event.handoffId, status: 'open', claimedBy: null }));
  const text = `${crisis ? `${mention} 🚨 緊急の相談` : '担当者への引き継ぎ'}：${truncate(event.summary, 80)}`;
  return { text, blocks };
}

/** The status line and buttons for a case in its current state. */
export function renderHandoffState(handoff: Pick<HandoffRecord, 'id' | 'status' | 'claimedBy'>): Block[] {
  const owner = handoff.claimedBy === null ? '' : mentionStaff(handoff.claimedBy);
  const statusText = {
    open: '⏳ 未対応（担当者が決まっていません）',
    claimed: `🙋 担当：${owner}`,
    resolved: `✅ 解決済み（${owner || '担当者なし'}）`,
    returned: `↩️ ボットに戻しました（${owner || '担当者なし'}）`,
  }[handoff.status];
  const blocks: Block[] = [
    { type: 'context', block_id: caseBlockIds.status, elements: [{ type: 'mrkdwn', text: statusText }] },
  ];
  if (handoff.status === 'resolved' || handoff.status === 'returned') return blocks;
  const elements: types.Button[] = [];
  if (handoff.status === 'open') {
    elements.push(button(handoffActionIds.claim, '担当する', handoff.id, 'primary'));
  }
  if (handoff.status === 'claimed') {
    elements.push({
      ...button(handoffActionIds.takeOver, '担当を代わる', handoff.id),
      confirm: confirmDialog(
        '担当を代わりますか？',
        'あなたが担当になり、以後はあなたのスレッド返信が利用者に届きます。利用者には担当者の交代をお知らせします。',
      ),
    });
  }
  elements.push(
    {
      ...button(
        handoffActionIds.resolve,
        '解決',
        handoff.id,
        handoff.status === 'claimed' ? 'primary' : undefined,
      ),
      confirm: confirmDialog(
        '解決にしますか？',
        '利用者にお礼と評価のお願いが届き、以後はボットが応答します。',
      ),
    },
    {
      ...button(handoffActionIds.returnToBot, 'ボットに戻す', handoff.id),
      confirm: confirmDialog(
        'ボットに戻しますか？',
        '記録は解決にせずに残し、利用者には自動応答に戻ることを伝えます。',
      ),
    },
  );
  blocks.push({ type: 'actions', block_id: caseBlockIds.actions, elements });
  return blocks;
}

/** A thread reply (broadcast to the channel) when nobody has claimed a case in time. */
export function renderReAlert(
  event: HandoffAnnouncement,
  context: HandoffPostContext & { minutesWaiting: number },
): { text: string; blocks: Block[] } {
  const crisis = event.route === 'crisis';
  const mention = crisis ? oncallMention(context.oncallGroup) : '<!here>';
  const text =
    `${mention} ${crisis ? '🚨 緊急の相談' : '⏰ 引き継ぎ'}がまだ担当されていません` +
    `（受付から約${context.minutesWaiting}分）。対応できる方は「担当する」を押してください。`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** A thread reply (broadcast) when an open case is announced again with a higher route or urgency. */
export function renderEscalation(
  event: HandoffAnnouncement,
  context: HandoffPostContext,
): { text: string; blocks: Block[] } {
  const text =
    event.route === 'crisis'
      ? `${oncallMention(context.oncallGroup)} 🚨 この相談は危機対応に切り替わりました。至急の対応をお願いします。`
      : '⚠️ この相談の緊急度が上がりました。';
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** The header of a parent post for the case's current route and urgency. */
export function renderHandoffHeader(handoff: Pick<HandoffRecord, 'route' | 'urgency'>): Block {
  return { type: 'header', text: { type: 'plain_text', text: headerTitle(handoff), emoji: true } };
}

/** A user's message during a handoff, for the case's thread. */
export function renderUserMessage(line: StaffMessageLine): { text: string; blocks: Block[] } {
  const text = clampText(
    `${speaker[line.from]}（${formatJapaneseDateTime(line.at)}）\n${quote(truncate(line.text, 2800))}`,
  );
  return {
    text: `${speaker[line.from]}からのメッセージ`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

function renderLine(line: StaffMessageLine): string {
  return `${speaker[line.from]}（${formatJapaneseDateTime(line.at)}）\n${quote(truncate(line.text, 300))}`;
}

function headerTitle(handoff: Pick<HandoffRecord, 'route' | 'urgency'>): string {
  if (handoff.route === 'crisis') return '🚨 緊急：命に関わるおそれのある相談';
  return handoff.urgency === 'urgent' ? '⚠️ 至急：担当者への引き継ぎ' : '💬 担当者への引き継ぎ';
}

function oncallMention(group: string | undefined): string {
  return group === undefined ? '<!here>' : `<!subteam^${group}>`;
}

function channelLabel(channel: string): string {
  return { line: 'LINE', web: 'Webコンソール', slack: 'Slack', cli: 'CLI' }[channel] ?? channel;
}

function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label },
    value,
    ...(style === undefined ? {} : { style }),
  };
}

function confirmDialog(title: string, text: string): types.ConfirmationDialog {
  return {
    title: { type: 'plain_text', text: title },
    text: { type: 'plain_text', text },
    confirm: { type: 'plain_text', text: 'はい' },
    deny: { type: 'plain_text', text: 'やめる' },
  };
}
