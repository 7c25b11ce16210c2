/**
 * Runs one conversation script through the real engine (real repositories on the test database, the real
 * OpenAI adapter against the fake server when the script asks for a model) and checks its expectations.
 */
import { expect } from 'vitest';
import { buildConversationEngine } from '../../../src/composition/build-engine.ts';
import type { KnowledgeAnswerer } from '../../../src/core/conversation/deps.ts';
import type { EngineResult } from '../../../src/core/engine.ts';
import type { CenterRef } from '../../../src/core/handoff/center-match.ts';
import type { InboundMessage, OutboundReply } from '../../../src/core/message.ts';
import type { HotlineSettings } from '../../../src/core/replies/hotlines.ts';
import { createModelTriager } from '../../../src/core/triage/model-triage.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createOpenAiChatModel } from '../../../src/infra/llm/openai-chat.ts';
import { createOpenAiModerator } from '../../../src/infra/llm/openai-moderation.ts';
import type { ChatReply, OpenAiFake } from '../../fakes/openai-server.ts';
import { createBookingExtensions } from './booking-extensions.ts';
import { createFakeKnowledge, recordKnowledge } from './fake-knowledge.ts';
import { createRecordingLogger } from './recording-logger.ts';
import { createRecordingStaffDesk } from './recording-staff-desk.ts';
import type { ConversationScript, Expectation, ModelReplySpec, Turn } from './script-format.ts';

export interface ScriptEnv {
  db: Db;
  hotlines: HotlineSettings;
  centers: readonly CenterRef[];
  openai?: OpenAiFake | undefined;
  triagePrompt: { version: string; system: string };
  /** Deadline for one model call in scripts (short: a hang must not slow the suite). */
  modelTimeoutMs: number;
  /** The real knowledge base over the corpus, indexed into the test database on first use. */
  realKnowledge: () => Promise<KnowledgeAnswerer>;
}

export async function runConversation(
  script: ConversationScript,
  key: string,
  env: ScriptEnv,
): Promise<void> {
  let now = new Date('2026-11-25T10:00:00+09:00');
  const clock = { now: () => now };
  const knowledge =
    script.knowledge === 'real' ? recordKnowledge(await env.realKnowledge()) : createFakeKnowledge();
  const staffDesk = createRecordingStaffDesk();
  const logger = createRecordingLogger();
  const useModel = script.model === 'fake';
  if (useModel && env.openai === undefined) throw new Error('the OpenAI fake is not running');
  const connection = { apiKey: 'test-key', baseURL: env.openai?.baseURL };
  const booking = await createBookingExtensions({ db: env.db, staffDesk, clock, logger });
  const built = buildConversationEngine({
    db: env.db,
    knowledge,
    staffDesk,
    hotlines: env.hotlines,
    centers: env.centers,
    clock,
    logger,
    triageModel: useModel
      ? createModelTriager(createOpenAiChatModel({ ...connection, model: 'fake-model' }), env.triagePrompt)
      : undefined,
    moderator: script.moderation ? createOpenAiModerator(connection) : undefined,
    modelTimeoutMs: env.modelTimeoutMs,
    ...booking,
  });

  const userId = `U${key}`;
  const conversationId = script.group ? `G${key}` : userId;
  let lastEvent: InboundMessage | undefined;
  let eventCounter = 0;

  for (const [index, turn] of script.turns.entries()) {
    const where = `${key} turn ${index + 1}`;
    if (turn.wait !== undefined) now = new Date(now.getTime() + parseWait(turn.wait));
    if (turn.model !== undefined) env.openai!.chat.enqueue(...turn.model.map(toChatReply));
    if (env.openai !== undefined)
      env.openai.moderation.fallback = { kind: 'categories', flagged: turn.moderation ?? [] };

    if (turn.staff !== undefined) {
      const conversation = await env.db.query<{ id: string }>(
        'SELECT id FROM conversations WHERE channel = $1 AND external_id = $2',
        [script.channel, conversationId],
      );
      const handoff = await built.handoffs.findActive(conversation.rows[0]?.id ?? '');
      expect(handoff, `${where}: a staff action needs an active handoff`).not.toBeNull();
      if (turn.staff === 'claim') await built.handoffs.claim(handoff!.id, 'S-staff', now);
      if (turn.staff === 'resolve') await built.handoffs.resolve(handoff!.id, now);
      if (turn.staff === 'return') await built.handoffs.returnToBot(handoff!.id, now);
      continue;
    }

    const message: InboundMessage =
      turn.repeat === true && lastEvent !== undefined
        ? lastEvent
        : {
            channel: script.channel,
            userId,
            conversationId,
            isGroup: script.group,
            receivedAt: now,
            eventId: `${key}-e${++eventCounter}`,
            ...toInbound(turn),
          };
    lastEvent = message;
    const before = {
      announcements: staffDesk.announcements.length,
      relays: staffDesk.relays.length,
      knowledge: knowledge.calls.length,
      model: env.openai?.requests.filter((r) => r.path === '/v1/chat/completions').length ?? 0,
    };
    const result = await built.engine.handle(message);
    if (turn.expect === undefined) continue;
    const after = {
      announcements: staffDesk.announcements.slice(before.announcements),
      relays: staffDesk.relays.slice(before.relays),
      knowledge: knowledge.calls.slice(before.knowledge),
      model:
        (env.openai?.requests.filter((r) => r.path === '/v1/chat/completions').length ?? 0) - before.model,
    };
    const state = await readConversation(env.db, script.channel, conversationId);
    checkExpectation(where, turn.expect, result, after, state);
  }
  // Health information never reaches a log (README: "Safety design").
  const dump = logger.dump();
  for (const turn of script.turns) {
    if (turn.user !== undefined && turn.user.length >= 4) {
      expect(dump.includes(turn.user), `${key}: a user text was logged`).toBe(false);
    }
  }
}

function checkExpectation(
  where: string,
  e: Expectation,
  result: EngineResult,
  after: {
    announcements: { urgency: string; summary: string; centerId: string | null }[];
    relays: unknown[];
    knowledge: { question: string; history: string[] }[];
    model: number;
  },
  state: { mode: string; flow: string | null },
): void {
  const texts = result.replies.map(replyText);
  const all = texts.join('\n');
  if (e.route !== undefined) expect(result.decision?.route ?? null, `${where}: route`).toBe(e.route);
  if (e.decidedBy !== undefined)
    expect(result.decision?.decidedBy ?? '', `${where}: decidedBy`).toMatch(new RegExp(`^${e.decidedBy}`));
  if (e.handoff !== undefined)
    expect(result.decision?.handoff?.urgency ?? null, `${where}: handoff`).toBe(e.handoff);
  if (e.duplicate !== undefined) expect(result.duplicate, `${where}: duplicate`).toBe(e.duplicate);
  for (const s of e.replyContains ?? []) expect(all, `${where}: reply contains`).toContain(s);
  for (const s of e.replyNotContains ?? []) expect(all, `${where}: reply must not contain`).not.toContain(s);
  for (const s of e.firstReplyContains ?? []) expect(texts[0] ?? '', `${where}: first reply`).toContain(s);
  if (e.firstReplyStartsWith !== undefined)
    expect(texts[0] ?? '', `${where}: first reply start`).toMatch(
      new RegExp(`^${escapeRe(e.firstReplyStartsWith)}`),
    );
  const labels = result.replies
    .flatMap((r) =>
      r.type === 'text' ? (r.quickReplies ?? []) : r.type === 'summary' ? (r.actions ?? []) : [],
    )
    .map((q) => q.label);
  for (const label of e.quickReplies ?? []) expect(labels, `${where}: quick replies`).toContain(label);
  if (e.noQuickReplies) expect(labels, `${where}: no quick replies`).toEqual([]);
  if (e.citations !== undefined) {
    const cited = result.replies.some((r) => r.type === 'sources' && r.citations.length > 0);
    expect(cited, `${where}: citations`).toBe(e.citations);
  }
  if (e.replyCount !== undefined) expect(result.replies.length, `${where}: reply count`).toBe(e.replyCount);
  if (e.staff?.announced !== undefined) {
    expect(after.announcements.at(-1)?.urgency ?? null, `${where}: staff announcement`).toBe(
      e.staff.announced,
    );
  }
  if (e.staff?.summaryContains !== undefined)
    expect(after.announcements.at(-1)?.summary ?? '', `${where}: summary`).toContain(e.staff.summaryContains);
  if (e.staff?.centerId !== undefined) {
    expect(after.announcements.at(-1)?.centerId ?? null, `${where}: center`).toBe(e.staff.centerId);
  }
  if (e.staff?.relayed !== undefined)
    expect(after.relays.length > 0, `${where}: relayed`).toBe(e.staff.relayed);
  if (e.knowledge?.called !== undefined)
    expect(after.knowledge.length > 0, `${where}: knowledge called`).toBe(e.knowledge.called);
  if (e.knowledge?.historyContains !== undefined) {
    const history = after.knowledge.flatMap((c) => c.history).join('\n');
    expect(history, `${where}: knowledge history`).toContain(e.knowledge.historyContains);
  }
  if (e.mode !== undefined) expect(state.mode, `${where}: mode`).toBe(e.mode);
  if (e.flow !== undefined) expect(state.flow, `${where}: flow`).toBe(e.flow);
  if (e.modelCalls !== undefined) expect(after.model, `${where}: model calls`).toBe(e.modelCalls);
  // LINE limits hold for every reply (platforms.md).
  for (const reply of result.replies) {
    const quick = reply.type === 'text' ? (reply.quickReplies ?? []) : [];
    expect(quick.length, `${where}: at most 13 quick replies`).toBeLessThanOrEqual(13);
    for (const q of quick) {
      expect([...q.label].length, `${where}: label "${q.label}" ≤ 20 chars`).toBeLessThanOrEqual(20);
      expect((q.postback ?? '').length, `${where}: postback ≤ 300 chars`).toBeLessThanOrEqual(300);
    }
  }
}

function toInbound(turn: Turn): Pick<InboundMessage, 'kind' | 'text' | 'postback'> {
  if (turn.user !== undefined) return { kind: 'text', text: turn.user };
  if (turn.postback !== undefined) {
    return {
      kind: 'postback',
      postback: { data: turn.postback, ...(turn.params === undefined ? {} : { params: turn.params }) },
    };
  }
  return { kind: turn.event! };
}

function toChatReply(spec: ModelReplySpec): ChatReply {
  if ('json' in spec) return { kind: 'json', value: spec.json };
  if ('content' in spec) return { kind: 'content', content: spec.content };
  if ('error' in spec) return { kind: 'error', status: spec.error };
  return { kind: 'hang' };
}

function replyText(reply: OutboundReply): string {
  if (reply.type === 'text') return reply.text;
  if (reply.type === 'summary')
    return [reply.title, ...reply.rows.map((r) => `${r.label} ${r.value}`)].join('\n');
  return reply.citations.map((c) => `${c.title} ${c.section}`).join('\n');
}

async function readConversation(
  db: Db,
  channel: string,
  externalId: string,
): Promise<{ mode: string; flow: string | null }> {
  const { rows } = await db.query<{ mode: string; state: { flow?: { kind?: string } | null } }>(
    'SELECT mode, state FROM conversations WHERE channel = $1 AND external_id = $2',
    [channel, externalId],
  );
  return { mode: rows[0]?.mode ?? 'bot', flow: rows[0]?.state?.flow?.kind ?? null };
}

function parseWait(wait: string): number {
  const value = Number.parseInt(wait, 10);
  const unit = wait.at(-1);
  return value * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000);
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
