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
import { type AskRecord, runAsk } from '../../../src/cli/ask.ts';
import { buildConversationEngine } from '../../../src/composition/build-engine.ts';
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

  it('books a workplace visit and a consultation in one --chat conversation, choices tapped by number (real CLI process)', async () => {
    const typed = [
      'メンタルヘルス対策の個別訪問支援を申し込みたいです。',
      '1', // 同意する
      '管理監督者向けの研修',
      '愛知県',
      '衛生管理者・衛生推進者',
      '株式会社あいち精工',
      '愛知県名古屋市中区三の丸1-2-3',
      '80人',
      '鈴木一郎',
      '052-123-4567',
      '1', // the date picker, without a date: the CLI says how to answer it
      '2', // 特に希望なし
      '管理職向けのラインケア研修を社内で開きたい',
      '1', // 送信する
      '専門的相談を予約したいです',
      '1', // 同意する
      'メンタルヘルス対策',
      'オンライン',
      '東京都',
      '人事労務担当者',
      '株式会社さんぽ商事',
      '100〜299人',
      '山田花子',
      '03-1234-5678',
      '2', // 特に希望なし
      'ストレスチェックの集団分析の活かし方を相談したい',
      '1', // 送信する
      '予約の確認',
      '/quit',
      '予約の確認', // after /quit: never read, so the list appears once
    ];
    const child = execFile(process.execPath, ['scripts/ask.ts', '--chat', '--memory'], {
      env: { ...process.env, OPENAI_API_KEY: '', DATABASE_URL: '' },
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin?.end(`${typed.join('\n')}\n`);
    expect(await exited).toBe(0);
    expect(stdout).toContain('個別訪問支援のお申し込み内容');
    expect(stdout).toContain('「日時をえらぶ」は日時の入力です。例: 1 2026-12-03T10:00');
    expect(stdout).toMatch(/事業場の所在地: 愛知県名古屋市中区三の丸1-2-3/);
    expect(stdout).toMatch(/受付番号は V-\d{4}-\d{4} です/);
    expect(stdout).toContain('専門的相談のお申し込み内容');
    expect(stdout).toContain('申し込み先: 東京産業保健総合支援センター');
    expect(stdout).toMatch(/受付番号は C-\d{4}-\d{4} です/);
    // One list, with both bookings waiting for the center: the line after /quit was not read.
    expect(stdout.match(/お申し込みの状況です。/g)).toHaveLength(1);
    expect(stdout.match(/受付中（センターの確認待ち）/g)).toHaveLength(2);
  }, 180_000);
});
