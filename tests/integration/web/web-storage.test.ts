import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebUserMessenger } from '../../../src/channels/web/web-messenger.ts';
import { createWebStaffDesk } from '../../../src/channels/web/web-staff-desk.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createWebStaffEventsRepository } from '../../../src/infra/db/web-staff-events-repository.ts';
import { createWebTimelineRepository } from '../../../src/infra/db/web-timeline-repository.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';

describe(`web channel storage (${testDbKind})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps a timeline per user in order, each key once', async () => {
    const timeline = createWebTimelineRepository(db);
    expect(await timeline.appendUserMessage('u1', 'こんにちは', 'in:1')).toBe(true);
    expect(await timeline.appendUserMessage('u1', 'こんにちは', 'in:1')).toBe(false);
    await timeline.appendReplies('u1', 'reply', [{ type: 'text', text: 'ようこそ' }], 'reply:1');
    await timeline.appendUserMessage('u2', '別の人', 'in:2');
    const entries = await timeline.listRecent('u1', 10);
    expect(entries.map((e) => e.kind)).toEqual(['user', 'reply']);
    expect(entries[1]).toMatchObject({ kind: 'reply', replies: [{ type: 'text', text: 'ようこそ' }] });
    const latest = await timeline.listRecent('u1', 1);
    expect(latest.map((e) => e.kind)).toEqual(['reply']);
  });

  it('stores a push once per idempotency key, as LINE does with its retry key', async () => {
    const timeline = createWebTimelineRepository(db);
    const messenger = createWebUserMessenger(timeline);
    const to = { channel: 'web' as const, userId: 'u3' };
    await messenger.push(to, [{ type: 'text', text: '予約を承りました。' }], 'booking:b1:accepted:2');
    await messenger.push(to, [{ type: 'text', text: '予約を承りました。' }], 'booking:b1:accepted:2');
    await messenger.push(to, [], 'empty');
    expect(await timeline.listRecent('u3', 10)).toHaveLength(1);
  });

  it('purges entries past retention', async () => {
    const timeline = createWebTimelineRepository(db);
    await timeline.appendUserMessage('u4', '古い', 'in:old');
    expect(await timeline.purgeBefore(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect(await timeline.listRecent('u4', 10)).toEqual([]);
  });

  it('records what the staff desk was told, once per event, with the lines in time order', async () => {
    const events = createWebStaffEventsRepository(db);
    const desk = createWebStaffDesk(events);
    const t = (minute: number) => new Date(Date.UTC(2026, 10, 24, 1, minute));
    const announcement = {
      id: 'h1',
      handoffId: 'h1',
      urgency: 'normal' as const,
      route: 'handoff' as const,
      centerId: '13',
      user: { channel: 'web' as const, userId: 'u5' },
      summary: '部下の不調についての相談',
      recentMessages: [{ from: 'user' as const, text: '部下の様子が心配です', at: t(0) }],
      workplace: { 都道府県: '東京都' },
      reAlert: false,
    };
    await desk.announceHandoff(announcement);
    await desk.announceHandoff(announcement);
    await desk.relayUserMessage({
      id: 'm2',
      handoffId: 'h1',
      line: { from: 'user', text: '続きです', at: t(2) },
    });
    await desk.relayUserMessage({
      id: 'm2',
      handoffId: 'h1',
      line: { from: 'user', text: '続きです', at: t(2) },
    });
    await desk.relayUserMessage({
      id: 'm3',
      handoffId: 'h1',
      line: { from: 'bot', text: '（自動）', at: t(3) },
    });
    await events.recordLine('s1', 'h1', 'staff', '担当の者です', t(1));
    // An escalation re-announces the case with lines the staff already saw.
    await desk.announceHandoff({
      ...announcement,
      id: 'h1:escalated',
      urgency: 'urgent',
      route: 'crisis',
      recentMessages: [
        { from: 'user', text: '部下の様子が心配です', at: t(0) },
        { from: 'user', text: '続きです', at: t(2) },
      ],
    });
    await desk.announceHandoff({ ...announcement, id: 'h2', handoffId: 'h2' });

    expect(await events.listAnnouncedHandoffs(10)).toEqual(['h2', 'h1']);
    const notes = await events.notesFor('h1');
    expect(notes.workplace).toEqual({ 都道府県: '東京都' });
    expect(notes.lines.map((l) => `${l.from}:${l.text}`)).toEqual([
      'user:部下の様子が心配です',
      'staff:担当の者です',
      'user:続きです',
    ]);
  });
});
