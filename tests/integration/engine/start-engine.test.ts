/**
 * The server's engine keeps retrying staff deliveries: a crisis during a staff-desk outage is answered at
 * once, and the urgent announcement and the relayed messages reach staff when the desk is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConversationEngine } from '../../../src/composition/build-engine.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createFakeKnowledge } from '../../conversations/support/fake-knowledge.ts';
import { createRecordingLogger } from '../../conversations/support/recording-logger.ts';
import { createRecordingStaffDesk } from '../../conversations/support/recording-staff-desk.ts';
import { openTestDb } from '../../support/db.ts';

describe('startConversationEngine', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('delivers what failed during an outage once the staff desk is back', async () => {
    const staffDesk = createRecordingStaffDesk();
    let now = new Date('2026-11-25T01:00:00Z');
    const started = await startConversationEngine({
      config: {
        OPENAI_API_KEY: undefined,
        OPENAI_BASE_URL: undefined,
        CHAT_MODEL: 'unused',
        MODERATION_ENABLED: false,
        PROMPTS_DIR: 'prompts',
        MODEL_TIMEOUT_MS: 1000,
        SETTINGS_DIR: 'settings',
      },
      db,
      logger: createRecordingLogger(),
      clock: { now: () => now },
      knowledge: createFakeKnowledge(),
      staffDesk,
      centers: [],
      deliveryIntervalMs: 50,
    });
    try {
      staffDesk.failing = true;
      const base = {
        channel: 'line' as const,
        userId: 'U-outage',
        conversationId: 'U-outage',
        isGroup: false,
        kind: 'text' as const,
      };
      const crisis = await started.engine.handle({
        ...base,
        text: '消えたい',
        receivedAt: now,
        eventId: 'outage-1',
      });
      expect(crisis.decision?.route).toBe('crisis');
      const more = await started.engine.handle({
        ...base,
        text: '補足です',
        receivedAt: now,
        eventId: 'outage-2',
      });
      expect(more.decision).toBeNull();
      expect(staffDesk.announcements).toHaveLength(0);

      staffDesk.failing = false;
      now = new Date(now.getTime() + 60_000);
      await expect.poll(() => staffDesk.announcements.length, { timeout: 5000 }).toBe(1);
      await expect.poll(() => staffDesk.relays.length, { timeout: 5000 }).toBe(1);
      expect(staffDesk.announcements[0]).toMatchObject({ urgency: 'urgent', route: 'crisis' });
      expect(staffDesk.relays[0]?.line.text).toBe('補足です');
    } finally {
      await started.stop();
    }
  });
});
