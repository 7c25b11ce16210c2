import { describe, expect, it } from 'vitest';
import { renderBookingPost } from '../../../src/channels/slack/booking-blocks.ts';
import { renderHandoffPost, renderUserMessage } from '../../../src/channels/slack/handoff-blocks.ts';
import { renderStaffHome } from '../../../src/channels/slack/home-view.ts';
import type { HandoffAnnouncement } from '../../../src/core/staff-desk.ts';

/** Block Kit limits (platforms.md): 50 blocks per message, 100 per Home tab, section text ≤ 3000, header ≤ 150. */
function expectWithinLimits(blocks: unknown[], maxBlocks = 50) {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  for (const block of blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[]) {
    if (block.type === 'header') expect([...(block.text?.text ?? '')].length).toBeLessThanOrEqual(150);
    if (block.type === 'section' && block.text !== undefined) {
      expect(block.text.text.length).toBeGreaterThan(0);
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
  }
}

const worst = '&<>'.repeat(3000);

describe('Slack blocks stay within Block Kit limits whatever the user wrote', () => {
  it('a handoff post with huge, markup-heavy messages and many workplace rows', () => {
    const event: HandoffAnnouncement = {
      id: 'e',
      handoffId: 'h',
      urgency: 'urgent',
      route: 'crisis',
      centerId: null,
      user: { channel: 'line', userId: 'U1' },
      summary: worst,
      recentMessages: Array.from({ length: 40 }, () => ({
        from: 'user' as const,
        text: `${worst}\n`.repeat(3),
        at: new Date(),
      })),
      workplace: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`項目${i}${worst}`, worst])),
      reAlert: false,
    };
    const { text, blocks } = renderHandoffPost(event, { centerName: worst, oncallGroup: 'S0ONCALL01' });
    expectWithinLimits(blocks);
    expect(text.length).toBeLessThan(40_000);
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
  });

  it('a relayed user message', () => {
    expectWithinLimits(
      renderUserMessage({ from: 'user', text: `${worst}\n`.repeat(10), at: new Date() }).blocks,
    );
  });

  it('a booking post with many long rows', () => {
    const { blocks } = renderBookingPost(
      {
        id: 'e',
        bookingId: 'b',
        reference: 'C-2611-0001',
        kind: 'visit',
        centerId: 'tokyo',
        rows: Array.from({ length: 400 }, (_, i) => ({ label: `${i}${worst}`, value: worst })),
      },
      '東京産業保健総合支援センター',
    );
    expectWithinLimits(blocks);
  });

  it('the Home tab with long lists', () => {
    const item = {
      id: 'h',
      route: 'handoff' as const,
      urgency: 'normal' as const,
      summary: worst,
      created_at: new Date(),
      channel_id: 'C1',
      ts: '1.2',
    };
    const booking = {
      id: 'b',
      reference: worst,
      kind: 'visit' as const,
      status: 'requested' as const,
      center_id: 'tokyo',
      created_at: new Date(),
      channel_id: null,
      ts: null,
    };
    const view = renderStaffHome({
      mine: Array.from({ length: 200 }, () => item),
      unclaimed: Array.from({ length: 200 }, () => item),
      bookings: Array.from({ length: 200 }, () => booking),
      centerName: () => worst,
    });
    expectWithinLimits(view.blocks, 100);
  });
});
