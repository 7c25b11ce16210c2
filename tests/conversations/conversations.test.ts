/**
 * Runs every tests/conversations/*.yaml script through the real engine on the test database (PGlite, or
 * PostgreSQL with TEST_DATABASE_URL). Format: tests/conversations/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openKnowledgeBase } from '../../src/composition/create-knowledge-base.ts';
import { parseConfig } from '../../src/config.ts';
import type { KnowledgeAnswerer } from '../../src/core/conversation/deps.ts';
import type { CenterRef } from '../../src/core/handoff/center-match.ts';
import type { HotlineSettings } from '../../src/core/replies/hotlines.ts';
import type { Db } from '../../src/infra/db/db.ts';
import { loadCenters, loadHotlines, loadPrompt } from '../../src/infra/settings/load-settings.ts';
import { type OpenAiFake, startOpenAiFake } from '../fakes/openai-server.ts';
import { openTestDb } from '../support/db.ts';
import { createRecordingLogger } from './support/recording-logger.ts';
import { runConversation, type ScriptEnv } from './support/run-script.ts';
import { ConversationScript } from './support/script-format.ts';

const dir = 'tests/conversations';
const scripts = readdirSync(dir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, script: ConversationScript.parse(parse(readFileSync(join(dir, name), 'utf8'))) }));

describe('conversation scripts', () => {
  let db: Db;
  let openai: OpenAiFake | undefined;
  let env: ScriptEnv;

  beforeAll(async () => {
    db = await openTestDb();
    if (scripts.some((s) => s.script.model === 'fake' || s.script.moderation))
      openai = await startOpenAiFake();
    const hotlines: HotlineSettings = await loadHotlines('settings');
    const centers: readonly CenterRef[] = (await loadCenters('settings')).list();
    const prompt = await loadPrompt('prompts', 'triage');
    let real: Promise<KnowledgeAnswerer> | undefined;
    // Indexed once, on first use: only scripts with `knowledge: real` pay for the ingest.
    const realKnowledge = () => {
      real ??= openKnowledgeBase(parseConfig({}), db, createRecordingLogger()).then((kb) => kb.knowledge);
      return real;
    };
    env = {
      realKnowledge,
      db,
      hotlines,
      centers,
      openai,
      triagePrompt: { version: prompt.version, system: prompt.body },
      modelTimeoutMs: 1500,
    };
  });

  afterAll(async () => {
    await openai?.close();
    await db?.close();
  });

  it('has at least 40 scripts', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(40);
  });

  for (const [index, { name, script }] of scripts.entries()) {
    it(`${name}: ${script.title}`, async () => {
      await runConversation(script, `c${index}`, env);
    });
  }
});
