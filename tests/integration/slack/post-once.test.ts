/**
 * A staff event becomes at most one Slack message even when the job dies between chat.postMessage and
 * recording it: the retry finds the message by its metadata and does not post again.
 */
import { randomUUID } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientOptions } from '../../../src/channels/slack/slack-app.ts';
import { createSlackPoster } from '../../../src/channels/slack/slack-post-job.ts';
import type { SlackPostJob } from '../../../src/channels/slack/slack-staff-desk.ts';
import { isAppError } from '../../../src/core/errors.ts';
import { parseStaffCenters } from '../../../src/core/handoff/staff-centers.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import {
  createSlackPostsRepository,
  type SlackPostsRepository,
} from '../../../src/infra/db/slack-posts-repository.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { type SlackEmulator, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';

/** Starting PGlite with every migration and pg-boss takes long on a busy 2-core runner. */
const setupTimeoutMs = 180_000;
describe(`posting each staff event once (${testDbKind})`, () => {
  let db: Db;
  let slack: SlackEmulator;
  let client: webApi.WebClient;
  const centers = parseStaffCenters(
    { centers: [{ id: 'osaka', name: '大阪産業保健総合支援センター' }] },
    'C0STAFF001',
  );

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

  const handoffJob = (handoffId: string): SlackPostJob => ({
    kind: 'handoff',
    event: {
      id: `handoff:${handoffId}:handoff:normal`,
      handoffId,
      urgency: 'normal',
      route: 'handoff',
      centerId: 'osaka',
      user: { channel: 'line', userId: 'U1' },
      summary: '相談',
      recentMessages: [],
      workplace: {},
      reAlert: false,
    },
  });
  const postsAbout = (handoffId: string) =>
    slack.messages.filter((m) => JSON.stringify(m.blocks).includes(handoffId));

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
    const job = handoffJob(handoffId);
    await expect(posterWith(crashing).run(job)).rejects.toThrow('process died');
    expect(postsAbout(handoffId)).toHaveLength(1);
    // The queue retries the job: the message is found by its metadata and recorded, not posted again.
    await posterWith(crashing).run(job);
    await posterWith(posts).run(JSON.parse(JSON.stringify(job)));
    expect(postsAbout(handoffId)).toHaveLength(1);
    expect(await posts.findParent('handoff', handoffId)).toMatchObject({
      status: 'posted',
      ts: postsAbout(handoffId)[0]?.ts,
    });
  });

  it('posts when the process died before posting', async () => {
    const posts = createSlackPostsRepository(db);
    const handoffId = randomUUID();
    const job = handoffJob(handoffId);
    await posts.reserve({
      eventId: job.event.id,
      kind: 'handoff',
      subjectId: handoffId,
      channelId: 'C0STAFF001',
      threadTs: null,
    });
    await posterWith(posts).run(job);
    expect(postsAbout(handoffId)).toHaveLength(1);
  });

  it('makes a user message wait (retryable) until its case has a thread', async () => {
    const posts = createSlackPostsRepository(db);
    const error = await posterWith(posts)
      .run({
        kind: 'relay',
        event: {
          id: `relay:${randomUUID()}`,
          handoffId: randomUUID(),
          line: { from: 'user', text: 'x', at: new Date() },
        },
      })
      .catch((e: unknown) => e);
    expect(isAppError(error, 'conflict')).toBe(true);
  });
});
