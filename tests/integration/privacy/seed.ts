/**
 * Puts one person's footprint into every table that can hold their data, as the product's own code would
 * leave it (a 1:1 chat with a handoff and a booking, a message in a group, raw events and reply batches,
 * Slack posts, console rows), dated `at`. Text fields carry `marker`, so a test can search every table for
 * what is left. Retention and forget are then checked against real rows on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../src/infra/db/db.ts';

export interface Footprint {
  userId: string;
  conversationId: string;
  groupConversationId: string;
  handoffId: string;
  bookingId: string;
  messageIds: string[];
}

export async function seedFootprint(
  db: Queryable,
  options: { userId: string; marker: string; at: Date; handoffStatus?: string; scheduledAt?: Date | null },
): Promise<Footprint> {
  const { userId, marker, at } = options;
  const groupId = `C${randomUUID().replaceAll('-', '')}`;
  await db.query(
    `INSERT INTO users (channel, user_id, created_at, updated_at) VALUES ('line', $1, $2, $2)
     ON CONFLICT DO NOTHING`,
    [userId, at],
  );
  await db.query(
    `INSERT INTO channel_users (channel, user_id, active, followed_at, updated_at) VALUES ('line', $1, true, $2, $2)
     ON CONFLICT DO NOTHING`,
    [userId, at],
  );
  const conversationId = await one(
    db,
    `INSERT INTO conversations (channel, external_id, is_group, state, created_at, updated_at)
     VALUES ('line', $1, false, $2::jsonb, $3, $3) RETURNING id::text AS id`,
    [
      userId,
      JSON.stringify({
        flow: { kind: 'booking', state: { contactName: `${marker}-name` }, startedAt: at.toISOString() },
        lastRoute: null,
        handoffNoticeAt: null,
      }),
      at,
    ],
  );
  const groupConversationId = await one(
    db,
    `INSERT INTO conversations (channel, external_id, is_group, created_at, updated_at)
     VALUES ('line', $1, true, $2, $2) RETURNING id::text AS id`,
    [groupId, at],
  );
  const messageIds: string[] = [];
  const addMessage = async (
    conversation: string,
    direction: 'in' | 'out',
    text: string,
    user: string | null,
  ) => {
    const id = await one(
      db,
      `INSERT INTO messages (conversation_id, channel, user_id, direction, kind, text, event_id, created_at)
       VALUES ($1, 'line', $2, $3, 'text', $4, $5, $6) RETURNING id::text AS id`,
      [conversation, user, direction, text, direction === 'in' ? randomUUID() : null, at],
    );
    messageIds.push(id);
    return id;
  };
  const question = await addMessage(conversationId, 'in', `${marker}-question`, userId);
  await addMessage(conversationId, 'out', `${marker}-answer`, null);
  const handoffSource = await addMessage(conversationId, 'in', `${marker}-worry`, userId);
  await addMessage(groupConversationId, 'in', `${marker}-group`, userId);
  await db.query(
    `INSERT INTO decisions (message_id, conversation_id, route, decided_by, grounded, created_at)
     VALUES ($1, $2, 'answer', 'rules', true, $3)`,
    [question, conversationId, at],
  );
  await db.query(
    `INSERT INTO decisions (message_id, conversation_id, route, urgency, decided_by, created_at)
     VALUES ($1, $2, 'handoff', 'normal', 'rules', $3)`,
    [handoffSource, conversationId, at],
  );
  const handoffId = randomUUID();
  const status = options.handoffStatus ?? 'resolved';
  await db.query(
    `INSERT INTO handoffs (id, conversation_id, channel, user_id, source_message_id, route, urgency, status,
                           summary, closed_at, created_at, updated_at)
     VALUES ($1, $2, 'line', $3, $4, 'handoff', 'normal', $5, '部下の休職についての相談', $6, $7, $7)`,
    [handoffId, conversationId, userId, handoffSource, status, status === 'resolved' ? at : null, at],
  );
  const bookingId = await one(
    db,
    `INSERT INTO bookings (reference, request_key, kind, channel, user_id, conversation_id, center_id, desk, topic,
                           prefecture, organisation, contact_name, contact_kind, contact_value, summary,
                           consent_at, consent_notice, scheduled_at, status, created_at, updated_at)
     VALUES ($1, $2, 'consultation', 'line', $3, $4, 'tokyo', 'center', 'mental_health', '東京都', $5, $6,
             'phone', '090-1234-5678', $7, $8, 'booking-consent@1', $9, 'accepted', $8, $8)
     RETURNING id::text AS id`,
    [
      `C-${randomUUID().slice(0, 8)}`,
      randomUUID(),
      userId,
      conversationId,
      `${marker}-org`,
      `${marker}-contact`,
      `${marker}-summary`,
      at,
      options.scheduledAt === undefined ? at : options.scheduledAt,
    ],
  );
  await db.query(
    `INSERT INTO booking_events (booking_id, version, status, actor_kind, actor_id, actor_name, at, detail)
     VALUES ($1, 1, 'requested', 'user', $2, $3, $4, $5::jsonb)`,
    [bookingId, userId, `${marker}-actor`, at, JSON.stringify({ note: `${marker}-note` })],
  );
  for (const [kind, subject] of [
    ['handoff', handoffId],
    ['relay', handoffId],
    ['booking', bookingId],
  ] as const) {
    await db.query(
      `INSERT INTO slack_posts (event_id, kind, subject_id, channel_id, ts, status, created_at)
       VALUES ($1, $2, $3, 'C0STAFF', $4, 'posted', $5)`,
      [
        randomUUID(),
        kind,
        subject,
        `${Math.floor(at.getTime() / 1000)}.${messageIds.length}${kind.length}`,
        at,
      ],
    );
  }
  await db.query(
    `INSERT INTO web_staff_events (event_id, kind, subject_id, body, created_at)
     VALUES ($1, 'user_line', $2, $3::jsonb, $4)`,
    [randomUUID(), handoffId, JSON.stringify({ text: `${marker}-relay`, at: at.toISOString() }), at],
  );
  const event = (text: string, source: Record<string, string>) =>
    JSON.stringify({ type: 'message', source, message: { type: 'text', text } });
  await db.query(
    `INSERT INTO channel_inbox (channel, event_id, conversation_key, event_type, state, payload, event_at,
                                received_at)
     VALUES ('line', $1, $2, 'message', 'done', NULL, $4, $4),
            ('line', $5, $2, 'message', 'pending', $3::jsonb, $4, $4),
            ('line', $6, $7, 'message', 'pending', $8::jsonb, $4, $4)`,
    [
      randomUUID(),
      `line:${userId}`,
      event(`${marker}-raw`, { type: 'user', userId }),
      at,
      randomUUID(),
      randomUUID(),
      `line:${groupId}`,
      event(`${marker}-rawgroup`, { type: 'group', groupId, userId }),
    ],
  );
  await db.query(
    `INSERT INTO channel_outbox (channel, source_key, batch_index, conversation_key, recipient, messages, retry_key,
                                 state, created_at)
     VALUES ('line', $1, 0, $2, $3, $4::jsonb, $5, 'sent', $6)`,
    [
      `event:${randomUUID()}`,
      `line:${userId}`,
      userId,
      JSON.stringify([{ type: 'text', text: `${marker}-reply` }]),
      randomUUID(),
      at,
    ],
  );
  return { userId, conversationId, groupConversationId, handoffId, bookingId, messageIds };
}

/** Every text-bearing place the marker could survive in, as one count per table. */
export async function findMarker(db: Queryable, marker: string): Promise<Record<string, number>> {
  const like = `%${marker}%`;
  const checks: Record<string, string> = {
    messages: 'SELECT count(*)::int AS n FROM messages WHERE text LIKE $1',
    conversations: 'SELECT count(*)::int AS n FROM conversations WHERE state::text LIKE $1',
    bookings: `SELECT count(*)::int AS n FROM bookings
                WHERE concat_ws(' ', organisation, contact_name, contact_value, summary) LIKE $1`,
    booking_events: `SELECT count(*)::int AS n FROM booking_events WHERE concat_ws(' ', actor_name, detail::text) LIKE $1`,
    web_staff_events: 'SELECT count(*)::int AS n FROM web_staff_events WHERE body::text LIKE $1',
    channel_inbox: 'SELECT count(*)::int AS n FROM channel_inbox WHERE payload::text LIKE $1',
    channel_outbox: 'SELECT count(*)::int AS n FROM channel_outbox WHERE messages::text LIKE $1',
  };
  const found: Record<string, number> = {};
  for (const [table, sql] of Object.entries(checks)) {
    const { rows } = await db.query<{ n: number }>(sql, [like]);
    if ((rows[0]?.n ?? 0) > 0) found[table] = rows[0]?.n ?? 0;
  }
  return found;
}

async function one(db: Queryable, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await db.query<{ id: string }>(sql, params);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('insert returned no id');
  return id;
}
