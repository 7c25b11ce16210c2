import { beforeEach, describe, expect, it } from 'vitest';
import type { HandoffRecord, HandoffRepository } from '../../../src/core/handoff/handoff-repository.ts';
import type { JobScheduler } from '../../../src/core/handoff/job-scheduler.ts';
import { createHandoffLifecycle, type HandoffLifecycle } from '../../../src/core/handoff/lifecycle.ts';
import { createRatingPostbackHandler } from '../../../src/core/handoff/rating-postback.ts';
import { createStaffAlerts } from '../../../src/core/handoff/staff-alerts.ts';
import { parseStaffCenters } from '../../../src/core/handoff/staff-centers.ts';
import type { InboundMessage, OutboundReply } from '../../../src/core/message.ts';
import type { Logger } from '../../../src/core/ports.ts';
import type { HandoffAnnouncement, StaffDesk } from '../../../src/core/staff-desk.ts';
import type { UserAddress, UserMessenger } from '../../../src/core/user-messenger.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const handoffId = '0b7f6c1e-8a57-4c37-9d8e-2f5d0c1a9e01';

/** The handoff port's contract, kept in memory: transitions only from the states the port allows. */
function memoryHandoffs(initial: HandoffRecord): HandoffRepository & { row: HandoffRecord } {
  const store = { row: { ...initial } };
  const active = () => store.row.status === 'open' || store.row.status === 'claimed';
  return {
    get row() {
      return store.row;
    },
    get: async (id) => (id === store.row.id ? { ...store.row } : null),
    findActive: async () => (active() ? { ...store.row } : null),
    listUnannounced: async () => [],
    markAnnounced: async () => {},
    claim: async (_id, staffId, at) => {
      if (store.row.status !== 'open') return null;
      store.row = { ...store.row, status: 'claimed', claimedBy: staffId, claimedAt: at };
      return { ...store.row };
    },
    reassign: async (_id, fromStaffId, toStaffId, at) => {
      if (store.row.status !== 'claimed' || store.row.claimedBy !== fromStaffId) return null;
      store.row = { ...store.row, claimedBy: toStaffId, claimedAt: at };
      return { ...store.row };
    },
    resolve: async (_id, at) => {
      if (!active()) return null;
      store.row = { ...store.row, status: 'resolved', closedAt: at };
      return { ...store.row };
    },
    returnToBot: async (_id, at) => {
      if (!active()) return null;
      store.row = { ...store.row, status: 'returned', closedAt: at };
      return { ...store.row };
    },
    rate: async (_id, rating) => {
      if (store.row.status !== 'resolved') return false;
      store.row = { ...store.row, rating };
      return true;
    },
  };
}

function record(overrides: Partial<HandoffRecord> = {}): HandoffRecord {
  return {
    id: handoffId,
    conversationId: 'c1',
    channel: 'line',
    userId: 'U0123456789abcdef0123456789abcdef',
    route: 'handoff',
    urgency: 'normal',
    status: 'open',
    centerId: 'tokyo',
    summary: '部下の休職についての相談',
    claimedBy: null,
    createdAt: new Date('2026-11-24T01:00:00Z'),
    claimedAt: null,
    closedAt: null,
    announcedAt: null,
    rating: null,
    ...overrides,
  };
}

interface Pushed {
  to: UserAddress;
  replies: OutboundReply[];
  key: string;
}

describe('handoff lifecycle', () => {
  let handoffs: ReturnType<typeof memoryHandoffs>;
  let pushed: Pushed[];
  let jobs: { name: string; payload: Record<string, unknown>; key: string; delayMs?: number }[];
  let announced: HandoffAnnouncement[];
  let changes: string[];
  let recorded: { id: string; handoffId: string; text: string }[];
  let lifecycle: HandoffLifecycle;
  const alice = { id: 'slack:UALICE' };
  const bob = { id: 'slack:UBOB' };

  beforeEach(() => {
    handoffs = memoryHandoffs(record());
    pushed = [];
    jobs = [];
    announced = [];
    changes = [];
    recorded = [];
    const messenger: UserMessenger = {
      push: async (to, replies, key) => void pushed.push({ to, replies, key }),
    };
    const scheduler: JobScheduler = {
      enqueue: async (name, payload, options) => void jobs.push({ name, payload, ...options }),
    };
    const desk: StaffDesk = {
      announceHandoff: async (e) => void announced.push(e),
      relayUserMessage: async () => {},
      recordStaffReply: async (e) =>
        void recorded.push({ id: e.id, handoffId: e.handoffId, text: e.line.text }),
      announceBooking: async () => {},
      announceBookingCancelled: async () => {},
    };
    lifecycle = createHandoffLifecycle({
      handoffs,
      messenger,
      desk,
      clock: { now: () => new Date('2026-11-24T02:00:00Z') },
      jobs: scheduler,
      logger: silent,
      reAlertMinutes: { handoff: 15, crisis: 3 },
      onCaseChanged: async (h) => void changes.push(h.status),
    });
  });

  it('claim makes the clicker the owner and tells the user once, even when clicked twice', async () => {
    expect((await lifecycle.claim(handoffId, alice)).outcome).toBe('claimed');
    expect((await lifecycle.claim(handoffId, alice)).outcome).toBe('already-yours');
    expect((await lifecycle.claim(handoffId, bob)).outcome).toBe('owned-by-other');
    expect(handoffs.row.claimedBy).toBe('slack:UALICE');
    expect(pushed.map((p) => p.key)).toEqual([
      `handoff:${handoffId}:claimed`,
      `handoff:${handoffId}:claimed`,
    ]);
    expect(pushed[0]?.to).toEqual({ channel: 'line', userId: 'U0123456789abcdef0123456789abcdef' });
    expect(JSON.stringify(pushed[0]?.replies)).toContain('担当者が対応を始めました');
    // Desks redraw once, for the change itself.
    expect(changes).toEqual(['claimed']);
  });

  it('relays only the owner’s replies, keyed by the platform message, and keeps notes internal', async () => {
    expect(
      (await lifecycle.relayStaffReply({ handoffId, staff: alice, text: 'こんにちは', messageKey: 'C1:1.1' }))
        .outcome,
    ).toBe('not-claimed');
    await lifecycle.claim(handoffId, alice);
    const relay = (staff: { id: string }, text: string, messageKey: string) =>
      lifecycle.relayStaffReply({ handoffId, staff, text, messageKey });
    expect((await relay(alice, '担当の佐藤です。', 'C1:1.2')).outcome).toBe('relayed');
    expect((await relay(alice, 'メモ: 上長に共有', 'C1:1.3')).outcome).toBe('internal-note');
    expect((await relay(bob, '私も見ています', 'C1:1.4')).outcome).toBe('owned-by-other');
    const staffPushes = pushed.filter((p) => p.key.includes(':staff:'));
    expect(staffPushes).toEqual([
      {
        to: { channel: 'line', userId: 'U0123456789abcdef0123456789abcdef' },
        replies: [{ type: 'text', text: '担当の佐藤です。' }],
        key: `handoff:${handoffId}:staff:C1:1.2`,
      },
    ]);
    // Every desk's case view gets what reached the user, and nothing else (no notes, no refused replies).
    expect(recorded).toEqual([{ id: 'staff:C1:1.2', handoffId, text: '担当の佐藤です。' }]);
  });

  it('lets another staff member take a claimed case over: they own it and reply from then on', async () => {
    // Nobody owns it yet: taking over is claiming.
    expect((await lifecycle.takeOver(handoffId, alice)).outcome).toBe('claimed');
    const taken = await lifecycle.takeOver(handoffId, bob);
    expect(taken).toMatchObject({ outcome: 'taken-over', previousOwner: 'slack:UALICE' });
    expect(handoffs.row.claimedBy).toBe('slack:UBOB');
    expect((await lifecycle.takeOver(handoffId, bob)).outcome).toBe('already-yours');
    const notices = pushed.filter((p) => p.key.includes(':taken-over:'));
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]?.replies)).toContain('担当者が交代しました');
    const relay = (staff: { id: string }, messageKey: string) =>
      lifecycle.relayStaffReply({ handoffId, staff, text: '確認します', messageKey });
    expect((await relay(alice, 'C1:2.1')).outcome).toBe('owned-by-other');
    expect((await relay(bob, 'C1:2.2')).outcome).toBe('relayed');
    expect(changes).toEqual(['claimed', 'claimed']);
    await lifecycle.resolve(handoffId, bob);
    expect((await lifecycle.takeOver(handoffId, alice)).outcome).toBe('closed');
    expect(handoffs.row.claimedBy).toBe('slack:UBOB');
  });

  it('reports a case that kept changing owner during a take-over as owned by another, not as closed', async () => {
    await lifecycle.claim(handoffId, alice);
    let round = 0;
    // Every compare-and-set loses: someone else took the case just before.
    handoffs.reassign = async () => {
      handoffs.row.claimedBy = `slack:UOTHER${++round}`;
      return null;
    };
    const result = await lifecycle.takeOver(handoffId, bob);
    expect(result.outcome).toBe('owned-by-other');
    expect(round).toBe(3);
    expect(pushed.filter((p) => p.key.includes(':taken-over:'))).toEqual([]);
  });

  it('resolve thanks the user with a 1–5 rating, and only the owner may resolve a claimed case', async () => {
    await lifecycle.claim(handoffId, alice);
    expect((await lifecycle.resolve(handoffId, bob)).outcome).toBe('owned-by-other');
    expect((await lifecycle.resolve(handoffId, alice)).outcome).toBe('closed');
    expect((await lifecycle.resolve(handoffId, alice)).outcome).toBe('already-closed');
    expect(handoffs.row.status).toBe('resolved');
    expect(changes).toEqual(['claimed', 'resolved']);
    const resolved = pushed.find((p) => p.key === `handoff:${handoffId}:resolved`);
    const reply = resolved?.replies[0];
    expect(reply?.type === 'text' && reply.quickReplies?.map((q) => q.postback)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `rating:${handoffId}:${n}`),
    );
    // After resolving, a reply no longer reaches the user.
    expect(
      (await lifecycle.relayStaffReply({ handoffId, staff: alice, text: 'x', messageKey: 'k' })).outcome,
    ).toBe('closed');
  });

  it('return to bot closes the conversation for the bot without resolving the record', async () => {
    expect((await lifecycle.returnToBot(handoffId, bob)).outcome).toBe('closed');
    expect(handoffs.row.status).toBe('returned');
    expect(pushed.map((p) => p.key)).toEqual([`handoff:${handoffId}:returned`]);
  });

  it('the rating postback records the case user’s rating and refuses anyone else’s', async () => {
    await lifecycle.claim(handoffId, alice);
    await lifecycle.resolve(handoffId, alice);
    const handler = createRatingPostbackHandler(lifecycle);
    const message = {} as InboundMessage;
    const ctx = (userId: string) => ({
      userId,
      channel: 'line' as const,
      isGroup: false,
      now: new Date(),
      conversationId: 'c1',
      eventId: 'e1',
    });
    const other = await handler.handle(message, `${handoffId}:5`, ctx('Uother'));
    expect(JSON.stringify(other.replies)).toContain('受け付けられませんでした');
    expect(handoffs.row.rating).toBeNull();
    const own = await handler.handle(message, `${handoffId}:4`, ctx('U0123456789abcdef0123456789abcdef'));
    expect(JSON.stringify(own.replies)).toContain('ありがとうございました');
    expect(handoffs.row.rating).toBe(4);
  });

  it('re-alerts while nobody claimed, schedules the next one, and stays quiet once claimed', async () => {
    await lifecycle.runReAlert({ handoffId, attempt: 1 });
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ id: `${handoffId}:realert:1`, reAlert: true, handoffId });
    expect(jobs).toEqual([
      {
        name: 'handoff.realert',
        payload: { handoffId, attempt: 2 },
        key: `handoff:${handoffId}:realert:2`,
        delayMs: 15 * 60_000,
      },
    ]);
    await lifecycle.claim(handoffId, alice);
    await lifecycle.runReAlert({ handoffId, attempt: 2 });
    expect(announced).toHaveLength(1);
  });
});

describe('staff alerts around announcements', () => {
  const centers = parseStaffCenters(
    {
      centers: [
        {
          id: 'tokyo',
          name: '東京産業保健総合支援センター',
          slack_channel: 'C0TOKYO01',
          business_hours: null,
        },
      ],
    },
    'C0DEFAULT1',
  );

  it('schedules the crisis re-alert sooner, and an off-hours notice only outside business hours', async () => {
    const jobs: { name: string; key: string; delayMs?: number }[] = [];
    const pushes: string[] = [];
    const handoffs = memoryHandoffs(record({ route: 'crisis', urgency: 'urgent' }));
    const make = (now: string) =>
      createStaffAlerts({
        jobs: { enqueue: async (name, _p, o) => void jobs.push({ name, ...o }) },
        centers,
        handoffs,
        messenger: { push: async (_to, _r, key) => void pushes.push(key) },
        clock: { now: () => new Date(now) },
        logger: silent,
        reAlertMinutes: { handoff: 15, crisis: 3 },
      });
    const inner: StaffDesk = {
      announceHandoff: async () => {},
      relayUserMessage: async () => {},
      announceBooking: async () => {},
      announceBookingCancelled: async () => {},
    };
    const event = {
      id: 'e1',
      handoffId,
      urgency: 'urgent' as const,
      route: 'crisis' as const,
      centerId: 'tokyo',
      user: { channel: 'line' as const, userId: 'U1' },
      summary: 's',
      recentMessages: [],
      workplace: {},
      reAlert: false,
    };
    await make('2026-11-24T14:00:00+09:00').wrap(inner).announceHandoff(event);
    expect(jobs.map((j) => [j.name, j.delayMs])).toEqual([['handoff.realert', 3 * 60_000]]);

    jobs.length = 0;
    const night = make('2026-11-24T22:00:00+09:00');
    await night.wrap(inner).announceHandoff(event);
    expect(jobs.map((j) => j.name)).toEqual(['handoff.realert', 'handoff.off-hours-notice']);
    await night.runOffHoursNotice({ handoffId, nextOpening: '2026-11-25T00:00:00.000Z' });
    expect(pushes).toEqual([`handoff:${handoffId}:off-hours`]);
  });

  it('falls back to the default channel for a center without its own', () => {
    expect(centers.resolve('osaka').slackChannel).toBe('C0DEFAULT1');
    expect(centers.resolve('tokyo').slackChannel).toBe('C0TOKYO01');
    expect(centers.channels().sort()).toEqual(['C0DEFAULT1', 'C0TOKYO01']);
  });
});
