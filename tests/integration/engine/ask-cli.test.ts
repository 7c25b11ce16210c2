/**
 * `npm run ask`: the JSON contract, JSON lines with ids, errors that name their cause, and the acceptance
 * check from issue 3 — a person's mental-health message is a handoff with no model configured.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConversationEngine } from '../../../src/build-engine.ts';
import { type AskRecord, runAsk } from '../../../src/cli/ask.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { acquireDirectoryLock, type DirectoryLock } from '../../../src/infra/db/directory-lock.ts';
import { loadHotlines } from '../../../src/infra/settings/load-settings.ts';
import { createFakeKnowledge } from '../../conversations/support/fake-knowledge.ts';
import { createRecordingLogger } from '../../conversations/support/recording-logger.ts';
import { createRecordingStaffDesk } from '../../conversations/support/recording-staff-desk.ts';
import { openTestDb } from '../../support/db.ts';

const run = promisify(execFile);

async function* lines(...items: string[]) {
  for (const item of items) yield item;
}

describe('npm run ask', () => {
  let db: Db;
  let output: string[];
  let errors: string[];

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  async function ask(argv: string[], stdin: AsyncIterable<string> = lines()) {
    output = [];
    errors = [];
    const hotlines = await loadHotlines('settings');
    const open = async () => ({
      engine: buildConversationEngine({
        db,
        knowledge: createFakeKnowledge(),
        staffDesk: createRecordingStaffDesk(),
        hotlines,
        centers: [],
        clock: { now: () => new Date() },
        logger: createRecordingLogger(),
      }).engine,
      close: async () => {},
    });
    const code = await runAsk(
      argv,
      { stdin, write: (t) => output.push(t), error: (t) => errors.push(t) },
      open,
    );
    return { code, records: output.join('').trim().split('\n').filter(Boolean) };
  }

  it('prints one JSON object with route, reply, citations and handoff', async () => {
    const { code, records } = await ask(['--json', 'ストレスチェックは何人から義務ですか？']);
    expect(code).toBe(0);
    const record = JSON.parse(records[0] ?? '') as AskRecord;
    expect(record).toEqual({
      route: 'answer',
      reply: expect.stringContaining('ストレスチェック'),
      citations: [{ title: 'ストレスチェック制度', section: '実施の義務' }],
      handoff: null,
    });
  });

  it('answers JSON lines one object per line, with ids, each as its own conversation', async () => {
    const input = lines(
      '{"id":"h1","text":"部下がうつで休職中です。復職の相談をしたい"}\n{"id":2,"text":"地さんぽは',
      '誰が使えますか"}\n\n{"id":"c1","text":"しにたい"}\n{oops}\n',
    );
    const { code, records } = await ask(['--jsonl'], input);
    const parsed = records.map((r) => JSON.parse(r) as AskRecord);
    expect(parsed.map((p) => [p.id, p.route, p.handoff])).toEqual([
      ['h1', 'handoff', { urgency: 'normal' }],
      ['2', 'answer', null],
      ['c1', 'crisis', { urgency: 'urgent' }],
    ]);
    expect(parsed[2]?.reply.startsWith('命に危険が迫っているときは、すぐに119')).toBe(true);
    expect(code).toBe(65);
    expect(errors.join('')).toContain('line 5');
  });

  it('prints the reply and sources for a person', async () => {
    const { records } = await ask(['地域産業保健センターは誰が使えますか']);
    expect(records[0]).toBe('[answer]');
    expect(output.join('')).toContain('出典:\n・地域産業保健センターの使い方 — 対象となる事業場');
  });

  it('explains its usage and exits 64 on bad arguments', async () => {
    expect((await ask([])).code).toBe(64);
    expect((await ask(['--nope', 'x'])).code).toBe(64);
    expect(errors.join('')).toContain('unknown option --nope');
  });

  it('says clearly when `npm start` owns the embedded database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sanpo-ask-'));
    let lock: DirectoryLock | undefined;
    try {
      lock = await acquireDirectoryLock(join(dir, 'pglite'));
      const { stdout, stderr } = await run(process.execPath, ['scripts/ask.ts', '--json', 'こんにちは'], {
        env: { ...process.env, PGLITE_DIR: join(dir, 'pglite'), DATABASE_URL: '', OPENAI_API_KEY: '' },
      }).catch((error: { stdout: string; stderr: string; code: number }) => {
        expect(error.code).toBe(75);
        return error;
      });
      expect(stdout).toBe('');
      expect(stderr).toContain('npm start');
      expect(stderr).toContain('--memory');
    } finally {
      await lock?.release();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('routes a person’s mental-health message to handoff with no model configured (real CLI process)', async () => {
    const { stdout } = await run(
      process.execPath,
      ['scripts/ask.ts', '--memory', '--json', '部下がうつで休職中です。復職の相談をしたい'],
      { env: { ...process.env, OPENAI_API_KEY: '', DATABASE_URL: '' } },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      route: 'handoff',
      handoff: { urgency: 'normal' },
      citations: [],
    });
  }, 180_000);
});
