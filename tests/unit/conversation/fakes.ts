/**
 * In-memory fakes at the engine's ports (conversation store, handoff repository, staff desk, knowledge
 * base, flows), for fast unit tests of the pipeline. The SQL implementations have integration tests.
 */
import type {
  ConversationRecord,
  ConversationStore,
  PendingRelay,
} from '../../../src/core/conversation/conversation-store.ts';
import type { EngineDeps, KnowledgeAnswerer } from '../../../src/core/conversation/deps.ts';
import type { ConversationFlow, FlowStep } from '../../../src/core/conversation/flow.ts';
import { AppError } from '../../../src/core/errors.ts';
import type { HandoffRecord, HandoffRepository } from '../../../src/core/handoff/handoff-repository.ts';
import type { InboundMessage } from '../../../src/core/message.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { HotlineSettings } from '../../../src/core/replies/hotlines.ts';
import type { HandoffAnnouncement, StaffDesk, StaffMessageLine } from '../../../src/core/staff-desk.ts';

interface StoredMessage {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  text: string | null;
  eventKey?: string;
  handled: boolean;
  claimed: boolean;
  route?: string;
  at: Date;
  relayHandoffId?: string;
  relayed?: boolean;
}

export function createMemoryPorts() {
  const conversations = new Map<string, ConversationRecord>();
  const messages: StoredMessage[] = [];
  const handoffs = new Map<string, HandoffRecord>();
  let seq = 0;
  const state = { failCommit: false };

  const store: ConversationStore = {
    async claimInbound(m, { now }) {
      const key = `${m.channel}:${m.conversationId}`;
      let conv = conversations.get(key);
      if (conv === undefined) {
        conv = {
          id: `conv-${++seq}`,
          channel: m.channel,
          externalId: m.conversationId,
          isGroup: m.isGroup,
          mode: 'bot',
          activeHandoffId: null,
          state: {},
          version: 0,
        };
        conversations.set(key, conv);
      }
      const eventKey = `${m.channel}:${m.eventId}`;
      const existing = messages.find((x) => x.eventKey === eventKey);
      if (existing !== undefined) {
        if (existing.handled) return { status: 'duplicate' };
        // Like the real store: claimed but not handled is an attempt in progress, never a duplicate.
        if (existing.claimed) return { status: 'in_progress' };
        existing.claimed = true;
        return { status: 'claimed', messageId: existing.id, conversation: { ...conv } };
      }
      const id = `msg-${++seq}`;
      messages.push({
        id,
        conversationId: conv.id,
        direction: 'in',
        text: m.text,
        eventKey,
        handled: false,
        claimed: true,
        at: now,
      });
      return { status: 'claimed', messageId: id, conversation: { ...conv } };
    },
    async releaseClaim(id) {
      const m = messages.find((x) => x.id === id);
      if (m !== undefined) m.claimed = false;
    },
    async commitTurn(o, now) {
      if (state.failCommit) throw new AppError('db_unavailable', 'down');
      const conv = [...conversations.values()].find((c) => c.id === o.conversationId)!;
      if (conv.version !== o.expectedVersion) throw new AppError('conflict', 'changed');
      conv.version++;
      conv.state = JSON.parse(JSON.stringify(o.state));
      const inbound = messages.find((x) => x.id === o.inboundMessageId)!;
      inbound.handled = true;
      if (o.decision !== null) inbound.route = o.decision.route;
      if (o.relayToHandoffId !== undefined) inbound.relayHandoffId = o.relayToHandoffId;
      for (const r of o.replies) {
        messages.push({
          id: `msg-${++seq}`,
          conversationId: conv.id,
          direction: 'out',
          text: r.type === 'text' ? r.text : null,
          handled: true,
          claimed: false,
          at: now,
        });
      }
      if (o.openHandoff !== undefined) {
        // Like the database (handoffs_one_active_idx): at most one active handoff per conversation.
        const active = [...handoffs.values()].some(
          (h) => h.conversationId === conv.id && (h.status === 'open' || h.status === 'claimed'),
        );
        if (active) throw new AppError('conflict', 'a conversation has at most one active handoff');
        handoffs.set(o.openHandoff.id, {
          id: o.openHandoff.id,
          conversationId: conv.id,
          channel: conv.channel,
          userId: conv.externalId,
          route: o.openHandoff.route,
          urgency: o.openHandoff.urgency,
          status: 'open',
          centerId: o.openHandoff.centerId,
          summary: o.openHandoff.summary,
          claimedBy: null,
          createdAt: now,
          claimedAt: null,
          closedAt: null,
          announcedAt: null,
          rating: null,
        });
        if (o.openHandoff.watch !== true) {
          conv.mode = 'handoff';
          conv.activeHandoffId = o.openHandoff.id;
        }
      }
      if (o.escalateHandoff !== undefined) {
        const h = handoffs.get(o.escalateHandoff.id)!;
        Object.assign(h, {
          route: o.escalateHandoff.route ?? 'crisis',
          urgency: o.escalateHandoff.urgency ?? 'urgent',
          summary: o.escalateHandoff.summary,
          announcedAt: null,
        });
        if (o.escalateHandoff.takeOver === true) {
          conv.mode = 'handoff';
          conv.activeHandoffId = o.escalateHandoff.id;
        }
      }
    },
    async recentQuestions(conversationId, { since, limit }) {
      return messages
        .filter(
          (m) =>
            m.conversationId === conversationId &&
            m.direction === 'in' &&
            m.route === 'answer' &&
            m.at >= since &&
            m.text !== null,
        )
        .slice(-limit)
        .map((m) => m.text!);
    },
    async recentLines(conversationId, limit) {
      return messages
        .filter((m) => m.conversationId === conversationId && m.text !== null)
        .slice(-limit)
        .map(
          (m): StaffMessageLine => ({ from: m.direction === 'in' ? 'user' : 'bot', text: m.text!, at: m.at }),
        );
    },
    async setUserActive() {},
    async listPendingRelays() {
      return messages
        .filter((m) => m.relayHandoffId !== undefined && !m.relayed && m.handled)
        .map(
          (m): PendingRelay => ({
            messageId: m.id,
            handoffId: m.relayHandoffId!,
            line: { from: 'user', text: m.text ?? '', at: m.at },
          }),
        );
    },
    async markRelayed(id) {
      const m = messages.find((x) => x.id === id);
      if (m !== undefined) m.relayed = true;
    },
  };

  const handoffRepo: HandoffRepository = {
    get: async (id) => handoffs.get(id) ?? null,
    findActive: async (conversationId) =>
      [...handoffs.values()].find(
        (h) => h.conversationId === conversationId && (h.status === 'open' || h.status === 'claimed'),
      ) ?? null,
    listUnannounced: async () => [...handoffs.values()].filter((h) => h.announcedAt === null),
    markAnnounced: async (id, at) => {
      handoffs.get(id)!.announcedAt = at;
    },
    claim: async (id, staffId, at) =>
      Object.assign(handoffs.get(id)!, { status: 'claimed', claimedBy: staffId, claimedAt: at }),
    reassign: async (id, fromStaffId, toStaffId, at) => {
      const h = handoffs.get(id);
      if (h === undefined || h.status !== 'claimed' || h.claimedBy !== fromStaffId) return null;
      return Object.assign(h, { claimedBy: toStaffId, claimedAt: at });
    },
    resolve: async (id, at) => {
      const h = Object.assign(handoffs.get(id)!, { status: 'resolved', closedAt: at });
      const conv = [...conversations.values()].find((c) => c.id === h.conversationId)!;
      Object.assign(conv, { mode: 'bot', activeHandoffId: null, version: conv.version + 1 });
      return h;
    },
    returnToBot: async (id, at) => Object.assign(handoffs.get(id)!, { status: 'returned', closedAt: at }),
    rate: async () => true,
  };

  return { store, handoffs: handoffRepo, handoffMap: handoffs, messages, conversations, state };
}

export interface StaffDeskFake extends StaffDesk {
  failing: boolean;
  announcements: HandoffAnnouncement[];
  relays: { id: string; handoffId: string; line: StaffMessageLine }[];
}

export function createStaffDeskFake(): StaffDeskFake {
  const announcements: HandoffAnnouncement[] = [];
  const relays: { id: string; handoffId: string; line: StaffMessageLine }[] = [];
  const desk: StaffDeskFake = {
    failing: false,
    announcements,
    relays,
    async announceHandoff(e: HandoffAnnouncement) {
      if (desk.failing) throw new Error('down');
      if (!announcements.some((a) => a.id === e.id)) announcements.push(e);
    },
    async relayUserMessage(e: { id: string; handoffId: string; line: StaffMessageLine }) {
      if (desk.failing) throw new Error('down');
      if (!relays.some((r) => r.id === e.id)) relays.push(e);
    },
    async announceBooking() {},
    async announceBookingCancelled() {},
  };
  return desk;
}

export function createKnowledgeFake(): KnowledgeAnswerer & {
  calls: { question: string; history: string[] }[];
  fail?: AppError;
} {
  const fake = {
    calls: [] as { question: string; history: string[] }[],
    fail: undefined as AppError | undefined,
    async answer(question: string, options?: { history?: string[] }) {
      fake.calls.push({ question, history: options?.history ?? [] });
      if (fake.fail !== undefined) throw fake.fail;
      return {
        text: `回答: ${question}`,
        citations: [{ documentId: 'd1', title: '資料', section: '1' }],
        grounded: !question.includes('わからない'),
        answeredBy: 'fake',
      };
    },
  };
  return fake;
}

/** A two-question flow: asks a topic, then a date; anything that is not a date is `not_understood`. */
export function createTwoStepFlow(kind = 'consultation'): ConversationFlow & { steps: number } {
  const flow = {
    kind,
    steps: 0,
    async start(): Promise<FlowStep> {
      return {
        state: { asked: 'topic' },
        replies: [{ type: 'text', text: '相談のテーマを教えてください。' }],
        status: 'active',
      };
    },
    async step(state: unknown, input: { text?: string }): Promise<FlowStep> {
      flow.steps++;
      const asked = (state as { asked: string }).asked;
      if (asked === 'topic') {
        return {
          state: { asked: 'date' },
          replies: [{ type: 'text', text: 'ご希望の日付を教えてください。' }],
          status: 'active',
        };
      }
      if (/^\d{1,2}\/\d{1,2}$/.test(input.text ?? '')) {
        return {
          state: { asked: 'done' },
          replies: [{ type: 'text', text: '受け付けました。' }],
          status: 'done',
        };
      }
      return {
        state,
        replies: [{ type: 'text', text: '日付を 12/3 のように入力してください。' }],
        status: 'not_understood',
      };
    },
    pendingPrompt: () => [{ type: 'text' as const, text: 'ご希望の日付を教えてください。' }],
  };
  return flow;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

export const testHotlines = HotlineSettings.parse({
  emergency: [
    { number: '119', label: '救急' },
    { number: '110', label: '警察' },
  ],
  hotlines: [
    {
      id: 'always',
      name: '24時間ライン',
      number: '0120-000-001',
      hours: '24時間365日',
      always_open: true,
      verified: true,
    },
    {
      id: 'day',
      name: '昼間ライン',
      number: '0570-000-002',
      hours: '毎日10時〜22時',
      always_open: false,
      verified: true,
    },
    {
      id: 'unverified-hours',
      name: '時間未確認ライン',
      number: '0120-000-003',
      hours: '',
      hours_unverified: '平日17〜22時',
      always_open: false,
      verified: true,
    },
    {
      id: 'unverified',
      name: '未確認ライン',
      number: '0120-000-004',
      hours: '平日',
      always_open: false,
      verified: false,
    },
  ],
  links: [],
});

export function engineDeps(overrides: Partial<EngineDeps> = {}) {
  const ports = createMemoryPorts();
  const staffDesk = createStaffDeskFake();
  const knowledge = createKnowledgeFake();
  let now = new Date('2026-11-25T10:00:00+09:00');
  const deps: EngineDeps = {
    store: ports.store,
    handoffs: ports.handoffs,
    knowledge,
    staffDesk,
    hotlines: testHotlines,
    centers: [{ id: 'tokyo', prefecture: '東京都', aliases: ['東京', 'とうきょう', 'tokyo'] }],
    clock: { now: () => now },
    logger: silentLogger,
    ...overrides,
  };
  let counter = 0;
  const message = (text: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
    channel: 'line',
    userId: 'U1',
    conversationId: 'U1',
    isGroup: false,
    kind: 'text',
    text,
    receivedAt: now,
    eventId: `ev-${++counter}`,
    ...extra,
  });
  return {
    deps,
    ports,
    staffDesk,
    knowledge,
    message,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}
