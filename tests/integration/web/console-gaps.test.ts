/**
 * The knowledge-gap loop in the console's staff API, on the app as `npm start` runs it without LINE or
 * Slack: a web user's unanswered question is listed; a draft needs an official source; its drafter cannot
 * approve it, another staff member can; the answer then reaches users and can be withdrawn; a gap can be
 * dismissed. The staff member is the browser's id, so two ids are two people.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../ops/app-harness.ts';

const drafter = 'd'.repeat(20);
const reviewer = 'r'.repeat(20);
const webUser = 'u'.repeat(32);

interface Gap {
  question: string;
  count: number;
  unanswered: number;
  decisionId: string;
  decisionIds: string[];
}
interface Answer {
  id: string;
  status: string;
  centerName: string;
}
interface GapsView {
  groups: Gap[];
  centers: unknown[];
  drafts: Answer[];
  approved: Answer[];
}
type Outcome = { outcome?: string; message?: string } & Record<string, unknown>;

describe('knowledge gaps and center answers in the console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const api = async (path: string, options: { staff?: string; user?: string; body?: unknown } = {}) => {
    const response = await fetch(`${t.app.url}/console/api/${path}`, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.staff === undefined ? {} : { 'x-console-staff': options.staff }),
        ...(options.user === undefined ? {} : { 'x-console-user': options.user }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: (await response.json()) as Outcome };
  };
  const ask = (text: string) =>
    api('messages', { user: webUser, body: { kind: 'text', id: randomUUID(), text } });
  const month = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7);
  const gaps = async (staff = drafter) =>
    (await api(`staff/gaps?month=${month}`, { staff })).body as unknown as GapsView;

  it('lists the gap, takes a draft only with an official source, and needs a second staff member', async () => {
    const question = 'センターの建物に授乳室はありますか？';
    const asked = await ask(question);
    expect(asked.status).toBe(200);
    expect(JSON.stringify(asked.body)).toContain('見つかりませんでした');
    const listed = await gaps();
    const gap = listed.groups.find((g) => g.question === question);
    expect(gap).toMatchObject({ count: 1, unanswered: 1 });
    expect(listed.centers.length).toBe(47);

    const draft = (sources: string) =>
      api('staff/gaps/draft', {
        staff: drafter,
        body: {
          centerId: 'osaka',
          question,
          answer: '授乳室の有無は建物によって異なります。ご来所の前にお電話でお問い合わせください。',
          sources,
          topic: null,
          gapDecisionId: gap!.decisionId,
        },
      });
    const refused = await draft('https://example.com/nursing-room');
    expect(refused.body).toMatchObject({ outcome: 'invalid' });
    expect(refused.body.message).toContain('公式のページ');
    expect((await draft('https://www.osakas.johas.go.jp/')).body).toMatchObject({ outcome: 'draft' });

    const afterDraft = await gaps();
    expect(afterDraft.groups.some((g) => g.question === question)).toBe(false);
    const pending = afterDraft.drafts[0]!;
    expect(pending).toMatchObject({ status: 'draft', centerName: '大阪産業保健総合支援センター' });

    const own = await api('staff/gaps/approve', { staff: drafter, body: { id: pending.id } });
    expect(own.body).toMatchObject({ outcome: 'refused' });
    expect(JSON.stringify(await ask(question))).toContain('見つかりませんでした');

    const approved = await api('staff/gaps/approve', { staff: reviewer, body: { id: pending.id } });
    expect(approved.body).toMatchObject({ outcome: 'approved' });
    const answered = JSON.stringify(await ask(question));
    expect(answered).toContain('大阪産業保健総合支援センターの回答');
    expect(answered).toContain('https://www.osakas.johas.go.jp/');
    expect(
      (await api('staff/gaps/approve', { staff: reviewer, body: { id: pending.id } })).body,
    ).toMatchObject({
      outcome: 'conflict',
    });

    expect((await gaps(reviewer)).approved.map((a) => a.id)).toEqual([pending.id]);
    const withdrawn = await api('staff/gaps/withdraw', { staff: drafter, body: { id: pending.id } });
    expect(withdrawn.body).toMatchObject({ outcome: 'withdrawn' });
    expect(JSON.stringify(await ask(question))).toContain('見つかりませんでした');
  }, 120_000);

  it('dismisses a gap, and refuses a request without a staff id', async () => {
    const question = 'センターの近くにコインパーキングはありますか？';
    await ask(question);
    const gap = (await gaps()).groups.find((g) => g.question === question);
    expect(gap).toBeDefined();
    const dismissed = await api('staff/gaps/dismiss', {
      staff: drafter,
      body: { decisionIds: gap!.decisionIds },
    });
    expect(dismissed.body).toMatchObject({ outcome: 'dismissed' });
    expect((await gaps()).groups.some((g) => g.question === question)).toBe(false);
    expect((await api(`staff/gaps?month=${month}`)).status).toBe(400);
  }, 60_000);
});
