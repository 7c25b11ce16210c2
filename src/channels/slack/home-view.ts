/**
 * The App Home tab for staff: their own open cases, cases nobody has claimed, and booking requests
 * waiting for a decision, each linking to its thread. At most 100 blocks (Slack's limit for Home tabs).
 */
import type { types } from '@slack/bolt';
import { describeGap, type GapGroup } from '../../core/feedback/knowledge-gaps.ts';
import { formatJapaneseDateTime } from '../../core/handoff/business-hours.ts';
import type { OpenHandoffItem, PendingBookingItem } from '../../infra/db/staff-desk-repository.ts';
import { clampText, escapeMrkdwn, truncate } from './mrkdwn.ts';

type Block = types.KnownBlock;

export interface HomeContent {
  mine: OpenHandoffItem[];
  unclaimed: OpenHandoffItem[];
  bookings: PendingBookingItem[];
  /** This month's knowledge gaps and the count of center answers waiting for approval. */
  gaps?: { groups: GapGroup[]; pending: number } | undefined;
  centerName(centerId: string): string;
}

export function renderStaffHome(content: HomeContent): types.HomeView {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'さんぽアシスタント（スタッフ用）' } },
    ...section('🙋 あなたが担当中の相談', content.mine.map(handoffLine), 'いまはありません。'),
    ...section('⏳ 担当者が決まっていない相談', content.unclaimed.map(handoffLine), 'いまはありません。'),
    ...section(
      '📅 対応待ちの予約申込',
      content.bookings.map((b) => bookingLine(b, content.centerName(b.center_id))),
      'いまはありません。',
    ),
    ...(content.gaps === undefined ? [] : gapSection(content.gaps)),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '月次の実績は `/sanpo report 2026-11` のように入力すると表示されます。',
        },
      ],
    },
  ];
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

export function renderNotStaffHome(): types.HomeView {
  return {
    type: 'home',
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'このアプリの画面は、センターのスタッフ用チャンネルのメンバーだけが使えます。',
        },
      },
    ],
  };
}

/** The five newest gap groups; acting on them happens in `/sanpo gaps` and the answers' posts. */
function gapSection(gaps: { groups: GapGroup[]; pending: number }): Block[] {
  const lines = gaps.groups.slice(0, 5).map((g) => {
    const d = describeGap(g);
    return `• 「${escapeMrkdwn(truncate(d.question, 60))}」 ${d.counts}`;
  });
  const blocks = section('❓ 今月の回答できなかった質問', lines, 'いまはありません。');
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text:
          `${gaps.groups.length > 5 ? `ほか ${gaps.groups.length - 5} 件。` : ''}` +
          '`/sanpo gaps` で一覧から回答を作成できます。' +
          (gaps.pending > 0
            ? `承認待ちのセンターの回答が ${gaps.pending} 件あります（\`/sanpo answers\`）。`
            : ''),
      },
    ],
  });
  return blocks;
}

function section(title: string, lines: string[], empty: string): Block[] {
  const blocks: Block[] = [
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } },
  ];
  if (lines.length === 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: empty }] });
    return blocks;
  }
  // Ten lines per section stay well under the 3000-character limit.
  for (let i = 0; i < Math.min(lines.length, 30); i += 10) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clampText(lines.slice(i, i + 10).join('\n')) },
    });
  }
  return blocks;
}

function handoffLine(h: OpenHandoffItem): string {
  const mark = h.route === 'crisis' ? '🚨' : h.urgency === 'urgent' ? '⚠️' : '💬';
  const summary = escapeMrkdwn(truncate(h.summary, 60));
  return `${mark} ${link(h.channel_id, h.ts, summary)}（受付 ${formatJapaneseDateTime(h.created_at)}）`;
}

function bookingLine(b: PendingBookingItem, centerName: string): string {
  const kind = b.kind === 'consultation' ? '専門的相談' : '個別訪問支援';
  const status = b.status === 'alternative_proposed' ? '（日時を提案済み）' : '';
  const label = `${escapeMrkdwn(truncate(b.reference, 30))} ${kind}`;
  return `• ${link(b.channel_id, b.ts, label)} ${escapeMrkdwn(truncate(centerName, 40))}${status}（受付 ${formatJapaneseDateTime(b.created_at)}）`;
}

function link(channelId: string | null, ts: string | null, label: string): string {
  if (channelId === null || ts === null) return label;
  return `<https://slack.com/archives/${channelId}/p${ts.replace('.', '')}|${label}>`;
}
