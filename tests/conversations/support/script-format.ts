/**
 * The format of tests/conversations/*.yaml (see tests/conversations/README.md). Validated with zod so a
 * typo in a script fails loudly instead of silently checking nothing.
 */
import { z } from 'zod';
import { channels, routes } from '../../../src/core/message.ts';

const oneOrMore = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));

export const ModelReplySpec = z.union([
  z.object({ json: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ content: z.string() }).strict(),
  z.object({ error: z.union([z.literal(400), z.literal(429), z.literal(500), z.literal(503)]) }).strict(),
  z.object({ hang: z.literal(true) }).strict(),
]);
export type ModelReplySpec = z.infer<typeof ModelReplySpec>;

export const Expectation = z
  .object({
    /** The decision's route; null = nothing routed (a relay to staff, a duplicate). */
    route: z.enum(routes).nullable().optional(),
    /** "rules" or "triage@<version>", or a prefix such as "triage@". */
    decidedBy: z.string().optional(),
    /** The decision's handoff urgency; null = no handoff. */
    handoff: z.enum(['normal', 'urgent']).nullable().optional(),
    duplicate: z.boolean().optional(),
    /** Every string appears somewhere in the text replies of this turn. */
    replyContains: oneOrMore.optional(),
    /** None of the strings appears in any reply of this turn. */
    replyNotContains: oneOrMore.optional(),
    /** Every string appears in the first reply (the crisis reply must lead with 119). */
    firstReplyContains: oneOrMore.optional(),
    /** The first reply's text starts with this. */
    firstReplyStartsWith: z.string().optional(),
    /** Quick-reply labels that must be offered (in any order). */
    quickReplies: z.array(z.string()).optional(),
    noQuickReplies: z.literal(true).optional(),
    /** Whether a sources reply with at least one citation is present. */
    citations: z.boolean().optional(),
    /** Number of replies. */
    replyCount: z.number().int().min(0).optional(),
    /** Staff desk events during this turn. */
    staff: z
      .object({
        announced: z.enum(['normal', 'urgent']).nullable().optional(),
        relayed: z.boolean().optional(),
        summaryContains: z.string().optional(),
        /** The center the announcement was routed to (null = none found). */
        centerId: z.string().nullable().optional(),
      })
      .strict()
      .optional(),
    /** The knowledge base during this turn. */
    knowledge: z
      .object({ called: z.boolean().optional(), historyContains: z.string().optional() })
      .strict()
      .optional(),
    /** The conversation after the turn. */
    mode: z.enum(['bot', 'handoff']).optional(),
    flow: z.string().nullable().optional(),
    /** Requests the OpenAI fake received during this turn. */
    modelCalls: z.number().int().min(0).optional(),
  })
  .strict();
export type Expectation = z.infer<typeof Expectation>;

const mediaEvents = ['sticker', 'image', 'audio', 'video', 'file', 'location', 'follow', 'unfollow'] as const;

export const Turn = z
  .object({
    user: z.string().optional(),
    postback: z.string().max(300).optional(),
    params: z.record(z.string(), z.string()).optional(),
    event: z.enum(mediaEvents).optional(),
    /** Deliver the previous event again (same event id): a platform retry. */
    repeat: z.literal(true).optional(),
    /** A staff action on the conversation's active handoff (what the Slack side does). */
    staff: z.enum(['claim', 'resolve', 'return']).optional(),
    /** Let time pass before this turn, e.g. "31m". */
    wait: z
      .string()
      .regex(/^\d+[smh]$/)
      .optional(),
    /** Replies the OpenAI fake gives to the chat calls of this turn, in order. */
    model: z.array(ModelReplySpec).optional(),
    /** Moderation categories the fake flags for this turn (e.g. [self-harm]). */
    moderation: z.array(z.string()).optional(),
    expect: Expectation.optional(),
  })
  .strict()
  .refine(
    (t) => [t.user, t.postback, t.event, t.repeat, t.staff].filter((v) => v !== undefined).length === 1,
    'each turn has exactly one of user, postback, event, repeat, staff',
  );
export type Turn = z.infer<typeof Turn>;

export const ConversationScript = z
  .object({
    title: z.string().min(1),
    description: z.string().optional(),
    channel: z.enum(channels).default('line'),
    /** A group chat: only general answers; crises still get the emergency numbers. */
    group: z.boolean().default(false),
    /** none: rules only. fake: the real OpenAI adapter against tests/fakes/openai-server.ts. */
    model: z.enum(['none', 'fake']).default('none'),
    moderation: z.boolean().default(false),
    /** fake: the small recording knowledge base; real: the corpus indexed into the test database. */
    knowledge: z.enum(['fake', 'real']).default('fake'),
    turns: z.array(Turn).min(1),
  })
  .strict();
export type ConversationScript = z.infer<typeof ConversationScript>;
