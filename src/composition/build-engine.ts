/**
 * Builds the conversation engine from its adapters: the conversation and handoff repositories on the
 * database, the settings files, and the model path when OPENAI_API_KEY is set. main.ts/app.ts, the ask CLI,
 * the eval and the conversation tests all build the engine here, so they run the same pipeline.
 * Features add their flows, postback handlers and text commands through `parts`.
 */
import type { Config } from '../config.ts';
import type { ConversationStore } from '../core/conversation/conversation-store.ts';
import type { KnowledgeAnswerer } from '../core/conversation/deps.ts';
import { createConversationEngine } from '../core/conversation/engine.ts';
import type { ConversationFlow, PostbackHandler, TextCommand } from '../core/conversation/flow.ts';
import type { RateLimiter } from '../core/conversation/throttle.ts';
import type { ConversationEngine, SlownessHint } from '../core/engine.ts';
import { toAppError } from '../core/errors.ts';
import type { CenterRef } from '../core/handoff/center-match.ts';
import type { HandoffRepository } from '../core/handoff/handoff-repository.ts';
import { deliverPendingStaffEvents } from '../core/handoff/staff-delivery.ts';
import type { Clock, Logger, Moderator } from '../core/ports.ts';
import type { HotlineSettings } from '../core/replies/hotlines.ts';
import type { StaffDesk } from '../core/staff-desk.ts';
import { createModelTriager, type ModelTriager } from '../core/triage/model-triage.ts';
import { createConversationStore } from '../infra/db/conversations.repo.ts';
import type { Db } from '../infra/db/db.ts';
import { createHandoffRepository } from '../infra/db/handoffs.repo.ts';
import { createOpenAiChatModel } from '../infra/llm/openai-chat.ts';
import { createOpenAiModerator } from '../infra/llm/openai-moderation.ts';
import { loadHotlines, loadPrompt } from '../infra/settings/load-settings.ts';

export interface EngineParts {
  db: Db;
  knowledge: KnowledgeAnswerer;
  staffDesk: StaffDesk;
  hotlines: HotlineSettings;
  centers: readonly CenterRef[];
  clock: Clock;
  logger: Logger;
  triageModel?: ModelTriager | undefined;
  moderator?: Moderator | undefined;
  modelTimeoutMs?: number | undefined;
  flows?: readonly ConversationFlow[];
  postbackHandlers?: readonly PostbackHandler[];
  textCommands?: readonly TextCommand[];
  /** Per-sender flood control, e.g. createDbRateLimiter(db) from src/infra/db/rate-limit.repo.ts. */
  rateLimiter?: RateLimiter | undefined;
}

export interface BuiltEngine {
  engine: ConversationEngine & SlownessHint;
  store: ConversationStore;
  handoffs: HandoffRepository;
  /** Retries staff announcements and relays that failed (call it periodically). */
  deliverPendingStaffEvents(): Promise<{ delivered: number; failed: number }>;
}

export function buildConversationEngine(parts: EngineParts): BuiltEngine {
  const store = createConversationStore(parts.db);
  const handoffs = createHandoffRepository(parts.db);
  const engine = createConversationEngine({ ...parts, store, handoffs });
  return {
    engine,
    store,
    handoffs,
    deliverPendingStaffEvents: () =>
      deliverPendingStaffEvents({
        store,
        handoffs,
        staffDesk: parts.staffDesk,
        centers: parts.centers,
        clock: parts.clock,
        logger: parts.logger,
      }),
  };
}

/** The model path from the configuration: undefined without OPENAI_API_KEY (rules only). */
export async function createModelPath(
  config: Pick<
    Config,
    | 'OPENAI_API_KEY'
    | 'OPENAI_BASE_URL'
    | 'CHAT_MODEL'
    | 'MODERATION_ENABLED'
    | 'PROMPTS_DIR'
    | 'MODEL_TIMEOUT_MS'
  >,
): Promise<{ triageModel?: ModelTriager; moderator?: Moderator; modelTimeoutMs: number }> {
  if (config.OPENAI_API_KEY === undefined) return { modelTimeoutMs: config.MODEL_TIMEOUT_MS };
  const connection = { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL };
  const prompt = await loadPrompt(config.PROMPTS_DIR, 'triage');
  const model = createOpenAiChatModel({ ...connection, model: config.CHAT_MODEL });
  return {
    triageModel: createModelTriager(model, { version: prompt.version, system: prompt.body }),
    ...(config.MODERATION_ENABLED ? { moderator: createOpenAiModerator(connection) } : {}),
    modelTimeoutMs: config.MODEL_TIMEOUT_MS,
  };
}

/** Everything the server needs from the engine side, from the configuration and the features' parts. */
export interface StartEngineInput {
  config: Pick<
    Config,
    | 'OPENAI_API_KEY'
    | 'OPENAI_BASE_URL'
    | 'CHAT_MODEL'
    | 'MODERATION_ENABLED'
    | 'PROMPTS_DIR'
    | 'MODEL_TIMEOUT_MS'
    | 'SETTINGS_DIR'
  >;
  db: Db;
  logger: Logger;
  clock: Clock;
  knowledge: KnowledgeAnswerer;
  /** All staff sides together (Slack, the console). */
  staffDesk: StaffDesk;
  centers: readonly CenterRef[];
  /** Flows, postback handlers and text commands of the features (booking, ratings …). */
  extensions?: readonly Pick<EngineParts, 'flows' | 'postbackHandlers' | 'textCommands'>[];
  rateLimiter?: RateLimiter | undefined;
  /** How often failed staff announcements and relays are retried (default 30 s). */
  deliveryIntervalMs?: number;
}

/**
 * Builds the engine for the server and keeps retrying staff deliveries that failed (Slack down), so a
 * handoff opened during an outage still reaches staff. `stop` waits for a retry in progress.
 */
export async function startConversationEngine(
  input: StartEngineInput,
): Promise<BuiltEngine & { stop(): Promise<void> }> {
  const built = buildConversationEngine({
    db: input.db,
    knowledge: input.knowledge,
    staffDesk: input.staffDesk,
    hotlines: await loadHotlines(input.config.SETTINGS_DIR),
    centers: input.centers,
    clock: input.clock,
    logger: input.logger,
    ...(await createModelPath(input.config)),
    flows: (input.extensions ?? []).flatMap((e) => e.flows ?? []),
    postbackHandlers: (input.extensions ?? []).flatMap((e) => e.postbackHandlers ?? []),
    textCommands: (input.extensions ?? []).flatMap((e) => e.textCommands ?? []),
    rateLimiter: input.rateLimiter,
  });
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = built.deliverPendingStaffEvents().catch((error: unknown) => {
      input.logger.error({ code: toAppError(error).code }, 'staff delivery sweep failed');
    });
  }, input.deliveryIntervalMs ?? 30_000);
  timer.unref();
  return {
    ...built,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
