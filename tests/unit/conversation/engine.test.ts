/**
 * The engine's pipeline with fakes at its ports: dedupe, safety first (mid-flow and during a handoff),
 * flows and interruptions, group chats, model fallbacks, and staff deliveries that never lose a message.
 */
import { describe, expect, it } from 'vitest';
import { createConversationEngine } from '../../../src/core/conversation/engine.ts';
import { AppError } from '../../../src/core/errors.ts';
import { deliverPendingStaffEvents } from '../../../src/core/handoff/staff-delivery.ts';
import type { OutboundReply } from '../../../src/core/message.ts';
import { softSafetyMarker } from '../../../src/core/replies/soft-safety.ts';
import { detectSafetySignals } from '../../../src/core/safety/detector.ts';
import type { ModelTriager } from '../../../src/core/triage/model-triage.ts';
import { createTwoStepFlow, engineDeps } from './fakes.ts';

const text = (replies: OutboundReply[]) => replies.map((r) => (r.type === 'text' ? r.text : '')).join('\n');
const labels = (replies: OutboundReply[]) =>
  replies.flatMap((r) => (r.type === 'text' ? (r.quickReplies ?? []) : [])).map((q) => q.label);

describe('conversation engine', () => {
  it('handles a repeated event id once and then reports a duplicate', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    const m = t.message('ストレスチェックは何人から義務ですか');
    const first = await engine.handle(m);
    const second = await engine.handle(m);
    expect(first).toMatchObject({ duplicate: false, decision: { route: 'answer', decidedBy: 'rules' } });
    expect(second).toEqual({ decision: null, replies: [], duplicate: true });
    expect(t.knowledge.calls).toHaveLength(1);
  });

  it('gives a retry the message when the first attempt failed before committing', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    const m = t.message('部下が眠れないと言っています');
    t.ports.state.failCommit = true;
    await expect(engine.handle(m)).rejects.toMatchObject({ code: 'db_unavailable' });
    t.ports.state.failCommit = false;
    const retry = await engine.handle(m);
    expect(retry).toMatchObject({ duplicate: false, decision: { route: 'handoff' } });
    expect(t.staffDesk.announcements).toHaveLength(1);
  });

  it('leads a crisis reply with the emergency numbers and opens an urgent handoff', async () => {
    const t = engineDeps();
    const result = await createConversationEngine(t.deps).handle(t.message('もう消えてしまいたい'));
    expect(result.decision).toEqual({
      route: 'crisis',
      handoff: { urgency: 'urgent' },
      decidedBy: 'rules',
      topic: 'mental_health',
    });
    const first = result.replies[0];
    expect(first?.type === 'text' && first.text.indexOf('119')).toBe(
      first?.type === 'text' ? first.text.search(/\d/) : -2,
    );
    expect(text(result.replies)).toContain('0120-000-001');
    expect(t.staffDesk.announcements[0]).toMatchObject({
      urgency: 'urgent',
      route: 'crisis',
      reAlert: false,
    });
  });

  it('runs the safety check before an active flow: a crisis mid-flow wins and ends the flow', async () => {
    const flow = createTwoStepFlow();
    const t = engineDeps({ flows: [flow] });
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('相談の予約をしたいです'));
    const crisis = await engine.handle(t.message('やっぱりもう死にたい'));
    expect(crisis.decision?.route).toBe('crisis');
    expect(flow.steps).toBe(0);
    const conv = [...t.ports.conversations.values()][0]!;
    expect((conv.state as { flow: unknown }).flow).toBeNull();
  });

  it('hands a person case mid-flow to staff instead of the flow', async () => {
    const flow = createTwoStepFlow();
    const t = engineDeps({ flows: [flow] });
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('相談の予約をしたいです'));
    const result = await engine.handle(t.message('実は部下がうつで休職中なんです'));
    expect(result.decision?.route).toBe('handoff');
    expect(flow.steps).toBe(0);
  });

  it('answers a question in the middle of a flow, then repeats the pending question', async () => {
    const flow = createTwoStepFlow();
    const t = engineDeps({ flows: [flow] });
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('相談の予約をしたいです'));
    await engine.handle(t.message('メンタルヘルス対策'));
    const aside = await engine.handle(t.message('ところで、さんぽセンターの相談は無料ですか？'));
    expect(aside.decision?.route).toBe('answer');
    expect(text(aside.replies)).toContain('回答:');
    expect(text(aside.replies).endsWith('ご希望の日付を教えてください。')).toBe(true);
    const done = await engine.handle(t.message('12/3'));
    expect(text(done.replies)).toContain('受け付けました');
  });

  it('leaves a flow the user walked away from: past expiresAfterMs the message is routed as usual', async () => {
    const flow = { ...createTwoStepFlow(), expiresAfterMs: 60_000 };
    const t = engineDeps({ flows: [flow] });
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('相談の予約をしたいです'));
    t.advance(61_000);
    const later = await engine.handle(t.message('ストレスチェックは何人から義務ですか？'));
    expect(later.decision?.route).toBe('answer');
    expect(text(later.replies)).not.toContain('ご希望の日付');
    const conv = [...t.ports.conversations.values()][0]!;
    expect((conv.state as { flow: unknown }).flow).toBeNull();
  });

  it('routes a message a letsGo flow does not take as usual, without repeating its question', async () => {
    const flow = { ...createTwoStepFlow(), letsGo: true };
    const t = engineDeps({ flows: [flow] });
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('相談の予約をしたいです'));
    await engine.handle(t.message('メンタルヘルス対策'));
    const aside = await engine.handle(t.message('ところで、さんぽセンターの相談は無料ですか？'));
    expect(aside.decision?.route).toBe('answer');
    expect(text(aside.replies)).not.toContain('ご希望の日付');
    const conv = [...t.ports.conversations.values()][0]!;
    expect((conv.state as { flow: unknown }).flow).toBeNull();
  });

  it('cancels with 「やめる」 and restarts with 「最初から」 at any step', async () => {
    const flow = createTwoStepFlow();
    const t = engineDeps({ flows: [flow] });
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('相談の予約をしたいです'));
    await engine.handle(t.message('健康診断'));
    const restarted = await engine.handle(t.message('最初から'));
    expect(text(restarted.replies)).toContain('相談のテーマ');
    const cancelled = await engine.handle(t.message('やめる'));
    expect(text(cancelled.replies)).toContain('中止');
    expect(labels(cancelled.replies)).toContain('質問する');
    const after = await engine.handle(t.message('12/3'));
    expect(flow.steps).toBe(1);
    expect(after.decision?.route).not.toBe('consultation');
  });

  it('relays messages during a handoff, says at most a brief notice, and escalates on a crisis signal', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('担当者と話したいです'));
    const more = await engine.handle(t.message('東京の会社です。補足します'));
    expect(more.decision).toBeNull();
    expect(more.replies).toEqual([]);
    expect(t.staffDesk.relays.map((r) => r.line.text)).toEqual(['東京の会社です。補足します']);
    expect(t.knowledge.calls).toHaveLength(0);
    const crisis = await engine.handle(t.message('もう限界で、死にたいです'));
    expect(crisis.decision).toMatchObject({ route: 'crisis', handoff: { urgency: 'urgent' } });
    expect(text(crisis.replies)).toMatch(/^命に危険が迫っているときは、すぐに119/);
    expect(t.staffDesk.announcements.map((a) => [a.route, a.urgency])).toEqual([
      ['handoff', 'normal'],
      ['crisis', 'urgent'],
    ]);
  });

  it('keeps group chats general: no handoff record, but a crisis still gets the numbers', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    const group = { isGroup: true, conversationId: 'G1' };
    const person = await engine.handle(t.message('部下が最近眠れていないようです', group));
    expect(person.decision).toMatchObject({ route: 'handoff', handoff: null });
    expect(text(person.replies)).toContain('1対1');
    const crisis = await engine.handle(t.message('死にたい', group));
    expect(crisis.decision).toMatchObject({ route: 'crisis', handoff: null });
    expect(text(crisis.replies)).toContain('119');
    expect(t.ports.handoffMap.size).toBe(0);
    expect(t.staffDesk.announcements).toHaveLength(0);
  });

  it('falls back to the rules when the model does not answer in time', async () => {
    const hanging: ModelTriager = { label: 'triage@9', classify: () => new Promise(() => {}) };
    const t = engineDeps({ triageModel: hanging, modelTimeoutMs: 50 });
    const started = Date.now();
    const result = await createConversationEngine(t.deps).handle(
      t.message('部下がうつで休職中です。復職の相談をしたい'),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.decision).toMatchObject({ route: 'handoff', decidedBy: 'rules' });
  });

  it('never lets the model lower a rules handoff, and records the prompt version when it decides', async () => {
    const calls: string[] = [];
    const model: ModelTriager = {
      label: 'triage@9',
      classify: async (m) => {
        calls.push(m);
        return {
          route: 'answer',
          about_specific_person: false,
          crisis_signs: false,
          urgency: null,
          topic: 'stress_check',
          decline_reason: null,
        };
      },
    };
    const t = engineDeps({ triageModel: model });
    const engine = createConversationEngine(t.deps);
    const handoff = await engine.handle(t.message('部下がうつで休職中です'));
    expect(handoff.decision).toMatchObject({ route: 'handoff', decidedBy: 'rules' });
    const answer = await createConversationEngine(engineDeps({ triageModel: model }).deps).handle(
      t.message('集団分析の進め方'),
    );
    expect(answer.decision).toMatchObject({ route: 'answer', decidedBy: 'triage@9', topic: 'stress_check' });
    const crisis = await createConversationEngine(engineDeps({ triageModel: model }).deps).handle(
      t.message('しにたい'),
    );
    expect(crisis.decision?.route).toBe('crisis');
    expect(calls).not.toContain('しにたい');
  });

  it('treats a self-harm moderation flag as a crisis, and ignores a moderation outage', async () => {
    const flagged = engineDeps({ moderator: { detectSelfHarm: async () => true } });
    const result = await createConversationEngine(flagged.deps).handle(
      flagged.message('もう全部どうでもいい'),
    );
    expect(result.decision?.route).toBe('crisis');
    const down = engineDeps({
      moderator: {
        detectSelfHarm: async () => {
          throw new AppError('upstream_failed', 'down');
        },
      },
    });
    const ok = await createConversationEngine(down.deps).handle(
      down.message('ストレスチェックの集団分析とは'),
    );
    expect(ok.decision?.route).toBe('answer');
  });

  it('still replies when the staff desk is down, and announces later', async () => {
    const t = engineDeps();
    t.staffDesk.failing = true;
    const result = await createConversationEngine(t.deps).handle(t.message('消えたい'));
    expect(text(result.replies)).toContain('119');
    expect(t.staffDesk.announcements).toHaveLength(0);
    t.staffDesk.failing = false;
    const delivered = await deliverPendingStaffEvents({ ...t.deps, staffDesk: t.staffDesk });
    expect(delivered).toEqual({ delivered: 1, failed: 0 });
    expect(t.staffDesk.announcements[0]?.urgency).toBe('urgent');
  });

  it('offers a consultation and staff when the corpus does not support an answer, and when it is down', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    const unsupported = await engine.handle(t.message('この制度はわからないのですが何ですか'));
    expect(labels(unsupported.replies)).toEqual(['相談を予約', '担当者と話す']);
    t.knowledge.fail = new AppError('upstream_timeout', 'slow');
    const down = await engine.handle(t.message('ストレスチェックの対象者は？'));
    expect(text(down.replies)).toContain('お答えを用意できませんでした');
  });

  it('passes the previous questions to the knowledge base for a follow-up', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('地域産業保健センターは誰が使えますか'));
    await engine.handle(t.message('それは無料ですか？'));
    expect(t.knowledge.calls[1]).toEqual({
      question: 'それは無料ですか？',
      history: ['地域産業保健センターは誰が使えますか'],
    });
  });

  it('serves the main menu postbacks and explains bookings while no flow is registered', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    const menu = await engine.handle(
      t.message('', { kind: 'postback', text: undefined, postback: { data: 'menu:consultation' } }),
    );
    expect(menu.decision?.route).toBe('consultation');
    expect(text(menu.replies)).toContain('まだお受けできません');
    const staff = await engine.handle(
      t.message('', { kind: 'postback', text: undefined, postback: { data: 'menu:staff' } }),
    );
    expect(staff.decision).toMatchObject({ route: 'handoff', handoff: { urgency: 'normal' } });
  });

  it('reads a person case split over two messages, but not across a long pause', async () => {
    const t = engineDeps();
    const engine = createConversationEngine(t.deps);
    await engine.handle(t.message('同僚のことで聞きたいです'));
    const second = await engine.handle(t.message('適応障害と言われたそうです'));
    expect(second.decision?.route).toBe('handoff');
    expect(t.staffDesk.announcements[0]?.summary).toContain('同僚');

    const later = engineDeps();
    const engine2 = createConversationEngine(later.deps);
    await engine2.handle(later.message('同僚のことで聞きたいです'));
    later.advance(15 * 60_000);
    // Alone the second message is still someone's diagnosis (a person case), but after the pause the
    // first one no longer says whose.
    const after = await engine2.handle(later.message('適応障害と言われたそうです'));
    expect(after.decision?.route).toBe('handoff');
    expect(later.staffDesk.announcements[0]?.summary).not.toContain('同僚');
  });

  it('rejects an invalid inbound message as a bad request', async () => {
    const t = engineDeps();
    await expect(
      createConversationEngine(t.deps).handle({ ...t.message('x'), eventId: '' }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
  });

  describe('after a soft-signal turn (staff watch, the bot still answers)', () => {
    // The model's soft tier, pinned: the text below is soft whatever the trained model says of it today.
    const softText = 'もう疲れました。ストレスチェックはいつありますか';
    const detectSafety = (text: string) =>
      text === softText
        ? {
            ...detectSafetySignals(text),
            soft: true,
            crisis: false,
            personCase: false,
            rules: ['model.soft'],
          }
        : detectSafetySignals(text);

    it('adds the soft line and opens one watch handoff, and no second one on the next soft turn', async () => {
      const t = engineDeps({ detectSafety });
      const engine = createConversationEngine(t.deps);
      const first = await engine.handle(t.message(softText));
      expect(first.decision?.route).toBe('answer');
      expect(text(first.replies)).toContain(softSafetyMarker);
      const again = await engine.handle(t.message(softText));
      expect(again.decision?.route).toBe('answer');
      expect(text(again.replies)).toContain(softSafetyMarker);
      expect(t.staffDesk.announcements).toHaveLength(1);
    });

    it('turns the watch into an urgent crisis handoff when a crisis follows', async () => {
      const t = engineDeps({ detectSafety });
      const engine = createConversationEngine(t.deps);
      await engine.handle(t.message(softText));
      const crisis = await engine.handle(t.message('もう消えてしまいたい'));
      expect(crisis.decision).toMatchObject({ route: 'crisis', handoff: { urgency: 'urgent' } });
      expect(text(crisis.replies).search(/\d/)).toBe(text(crisis.replies).indexOf('119'));
      expect(t.staffDesk.announcements.map((a) => [a.route, a.urgency])).toEqual([
        ['handoff', 'normal'],
        ['crisis', 'urgent'],
      ]);
      expect(new Set(t.staffDesk.announcements.map((a) => a.handoffId)).size).toBe(1);
      // The conversation is with staff now: the next message is relayed, not answered by the bot.
      const next = await engine.handle(t.message('ありがとうございます'));
      expect(next.decision).toBeNull();
    });

    it('hands a person case that follows to staff on the same handoff', async () => {
      const t = engineDeps({ detectSafety });
      const engine = createConversationEngine(t.deps);
      await engine.handle(t.message(softText));
      const person = await engine.handle(t.message('部下が最近眠れていないようで、朝から泣いています'));
      expect(person.decision).toMatchObject({ route: 'handoff' });
      expect(t.staffDesk.announcements).toHaveLength(2);
      expect(new Set(t.staffDesk.announcements.map((a) => a.handoffId)).size).toBe(1);
    });
  });
});
