/**
 * A staff event becomes at most one Slack message even when the job dies between chat.postMessage and
 * recording it (the retry finds the message by its metadata), the job queue never holds message text,
 * and the outbox forgets the text once Slack has it.
 */
import { randomUUID } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientOptions } from '../../../src/channels/slack/slack-app.ts';
import { createSlackPoster } from '../../../src/channels/slack/slack-post-job.ts';
import { createSlackStaffDesk } from '../../../src/channels/slack/slack-staff-desk.ts';
import { isAppError } from '../../../src/core/errors.ts';
import { parseStaffCenters } from '../../../src/core/handoff/staff-centers.ts';
import type { HandoffAnnouncement } from '../../../src/core/staff-desk.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import {
  createSlackPostsRepository,
  type SlackPostsRepository,
} from '../../../src/infra/db/slack-posts-repository.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { type SlackEmulator, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';

/** Starting PGlite with every migration takes long on a busy 2-core runner. */
const setupTimeoutMs = 180_000;

describe(`posting each staff event once (${testDbKind})`, () => {
  let db: Db;
  let slack: SlackEmulator;
  let client: webApi.WebClient;
  const centers = parseStaffCenters(
    { centers: [{ id: 'osaka', name: '大阪産業保健総合支援センター' }] },
    'C0STAFF001',
  );
  /** The jobs the desk enqueued, as they would sit in pg-boss. */
  const enqueued: { name: string; payload: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    slack = await startSlackEmulator();
    client = new webApi.WebClient(
      'xoxb-test',
      buildClientOptions({ apiUrl: slack.apiUrl, requestTimeoutMs: 2_000 }),
    );
  }, setupTimeoutMs);
  afterAll(async () => {
    await slack?.close();
    await db?.close();
  });

  const posterWith = (posts: SlackPostsRepository) =>
    createSlackPoster({
      client,
      posts,
      centers,
      oncallGroup: undefined,
      clock: { now: () => new Date() },
      logger: createLogger({ level: 'silent' }),
      enqueueUpdate: async () => {},
    });
  const deskWith = (posts: SlackPostsRepository) =>
    createSlackStaffDesk({
      posts,
      jobs: { enqueue: async (name, payload) => void enqueued.push({ name, payload }) },
    });

  const announcement = (handoffId: string): HandoffAnnouncement => ({
    id: `handoff:${handoffId}:handoff:normal`,
    handoffId,
    urgency: 'normal',
    route: 'handoff',
    centerId: 'osaka',
    user: { channel: 'line', userId: 'U1' },
    summary: '相談',
    recentMessages: [{ from: 'user', text: '部下が眠れていないようです', at: new Date() }],
    workplace: {},
    reAlert: false,
  });
  const postsAbout = (handoffId: string) =>
    slack.messages.filter((m) => JSON.stringify(m.blocks).includes(handoffId));

  it('keeps text out of the job, posts once, and clears the stored text after posting', async () => {
    const posts = createSlackPostsRepository(db);
    const handoffId = randomUUID();
    const event = announcement(handoffId);
    await deskWith(posts).announceHandoff(event);
    const job = enqueued.at(-1)!;
    expect(job).toEqual({ name: 'slack.post', payload: { eventId: event.id } });
    const pending = await db.query('SELECT body FROM slack_posts WHERE event_id = $1', [event.id]);
    expect(JSON.stringify(pending.rows[0])).toContain('部下が眠れていないようです');

    await posterWith(posts).run(job.payload);
    await posterWith(posts).run(job.payload);
    expect(postsAbout(handoffId)).toHaveLength(1);
    const done = await db.query('SELECT status, body FROM slack_posts WHERE event_id = $1', [event.id]);
    expect(done.rows).toEqual([{ status: 'posted', body: null }]);
  });

  it('does not post again when the process died after posting but before recording', async () => {
    const posts = createSlackPostsRepository(db);
    let crashes = 1;
    const crashing: SlackPostsRepository = {
      ...posts,
      markPosted: async (eventId, ts) => {
        if (crashes-- > 0) throw new Error('process died');
        await posts.markPosted(eventId, ts);
      },
    };
    const handoffId = randomUUID();
    await deskWith(posts).announceHandoff(announcement(handoffId));
    const job = enqueued.at(-1)!;
    await expect(posterWith(crashing).run(job.payload)).rejects.toThrow('process died');
    expect(postsAbout(handoffId)).toHaveLength(1);
    // The queue retries the job: the message is found by its metadata and recorded, not posted again.
    await posterWith(crashing).run(job.payload);
    expect(postsAbout(handoffId)).toHaveLength(1);
    expect(await posts.findParent('handoff', handoffId)).toMatchObject({
      status: 'posted',
      ts: postsAbout(handoffId)[0]?.ts,
    });
  });

  it('posts when the process died before posting', async () => {
    const posts = createSlackPostsRepository(db);
    const handoffId = randomUUID();
    await deskWith(posts).announceHandoff(announcement(handoffId));
    // Died before chat.postMessage: the attempt was never marked, so the retry posts.
    await posterWith(posts).run(enqueued.at(-1)!.payload);
    expect(postsAbout(handoffId)).toHaveLength(1);
  });

  it('puts a second announcement of the same case (raised to a crisis) in its thread', async () => {
    const posts = createSlackPostsRepository(db);
    const handoffId = randomUUID();
    await deskWith(posts).announceHandoff(announcement(handoffId));
    await posterWith(posts).run(enqueued.at(-1)!.payload);
    const parent = postsAbout(handoffId)[0]!;
    await deskWith(posts).announceHandoff({
      ...announcement(handoffId),
      id: `handoff:${handoffId}:crisis:urgent`,
      route: 'crisis',
      urgency: 'urgent',
    });
    await posterWith(posts).run(enqueued.at(-1)!.payload);
    const thread = slack.messagesIn(parent.channel, parent.ts);
    expect(thread.map((m) => m.text)).toEqual([expect.stringContaining('危機対応に切り替わりました')]);
  });

  it('makes a user message wait (retryable) until its case has a thread', async () => {
    const posts = createSlackPostsRepository(db);
    const id = `relay:${randomUUID()}`;
    await deskWith(posts).relayUserMessage({
      id,
      handoffId: randomUUID(),
      line: { from: 'user', text: 'x', at: new Date() },
    });
    const error = await posterWith(posts)
      .run({ eventId: id })
      .catch((e: unknown) => e);
    expect(isAppError(error, 'conflict')).toBe(true);
  });
});
