/**
 * Rating an answer on LINE, end to end on the app as `npm start` builds it (signed webhooks into the real
 * HTTP server, the real engine and knowledge base, the LINE emulator): the buttons after an answer and
 * nowhere else, a rating changed by a second tap, the optional comment kept as the user's own message, a
 * foreign or replayed postback that stores nothing, the monthly figures, and forget-me.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseReportMonth } from '../../../src/core/reporting/program-figures.ts';
import { createProgramFiguresRepository } from '../../../src/infra/db/program-figures-repository.ts';
import { forgetUser } from '../../../src/infra/privacy/forget.ts';
import type { Delivery } from '../../fakes/line-emulator.ts';
import { envelope, eventId, lineUserId, postbackEvent, textEvent, waitFor } from '../line/line-harness.ts';
import { startTestApp, type TestApp } from '../ops/app-harness.ts';

/** Quick replies and Flex buttons of a delivery: label → postback data or message text. */
function buttonsOf(delivery: Delivery): Map<string, string> {
  const buttons = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const action = (node as { action?: Record<string, string> }).action;
    if (action?.label !== undefined) buttons.set(action.label, action.data ?? action.text ?? '');
    for (const value of Object.values(node)) visit(value);
  };
  visit(delivery.messages);
  return buttons;
}

const textOf = (delivery: Delivery) => JSON.stringify(delivery.messages);

describe('rating an answer on LINE', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      line: true,
      app: { queue: { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 } },
    });
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expect(t.line?.violations).toEqual([]);
  });

  const line = () => t.line!;

  /** Posts one signed webhook body and returns the reply it gets. */
  async function send(userId: string, body: unknown): Promise<Delivery> {
    const before = line().deliveriesTo(userId).length;
    expect((await t.postLine(body)).status).toBe(200);
    await waitFor(() => line().deliveriesTo(userId).length > before, 30_000, 'the reply on LINE');
    return line().deliveriesTo(userId)[before]!;
  }
  const say = (userId: string, text: string, id = eventId()) =>
    send(
      userId,
      envelope(textEvent({ userId, text, id, replyToken: line().issueReplyToken({ to: userId }) })),
    );
  const tap = (userId: string, data: string, id = eventId()) =>
    send(
      userId,
      envelope(postbackEvent({ userId, data, id, replyToken: line().issueReplyToken({ to: userId }) })),
    );

  const ratingsOf = async (userId: string) =>
    (
      await t.app.db.query<{ rating: string; comment: string | null }>(
        `SELECT r.rating, c.text AS comment
           FROM answer_ratings r JOIN decisions d ON d.id = r.decision_id
           JOIN messages q ON q.id = d.message_id
           LEFT JOIN messages c ON c.id = r.comment_message_id
          WHERE q.channel = 'line' AND q.user_id = $1`,
        [userId],
      )
    ).rows;

  it('offers the buttons after an answer; a second tap changes the rating; the comment is the next line', async () => {
    const asker = lineUserId();
    const answer = await say(asker, '地域産業保健センターは何回まで使えますか？');
    expect(textOf(answer)).toContain('出典');
    const buttons = buttonsOf(answer);
    const helpful = buttons.get('役に立った');
    const notHelpful = buttons.get('役に立たなかった');
    expect(helpful).toMatch(/^feedback:[0-9a-f-]{36}:helpful$/u);
    expect(notHelpful).toMatch(/^feedback:[0-9a-f-]{36}:not_helpful$/u);

    // Someone else tapping (or forging) the button stores nothing.
    const stranger = lineUserId();
    const refused = await tap(stranger, helpful!);
    expect(textOf(refused)).toContain('受け付けられませんでした');
    expect(await ratingsOf(asker)).toEqual([]);

    const helpfulEvent = eventId();
    expect(textOf(await tap(asker, helpful!, helpfulEvent))).toContain('ご評価ありがとうございます');
    expect(await ratingsOf(asker)).toEqual([{ rating: 'helpful', comment: null }]);

    const asked = await tap(asker, notHelpful!);
    expect(textOf(asked)).toContain('どこが足りなかったか');
    expect(buttonsOf(asked).get('スキップ')).toMatch(/:skip$/u);
    expect(await ratingsOf(asker)).toEqual([{ rating: 'not_helpful', comment: null }]);

    // LINE redelivering the earlier tap (same webhook event id) changes nothing.
    const before = line().deliveriesTo(asker).length;
    const replay = envelope(
      postbackEvent({ userId: asker, data: helpful!, id: helpfulEvent, redelivery: true }),
    );
    expect((await t.postLine(replay)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(line().deliveriesTo(asker).length).toBe(before);
    expect(await ratingsOf(asker)).toEqual([{ rating: 'not_helpful', comment: null }]);

    const thanked = await say(asker, '支店が別の県にある場合の扱いが知りたかったです');
    expect(textOf(thanked)).toContain('ご意見');
    expect(await ratingsOf(asker)).toEqual([
      { rating: 'not_helpful', comment: '支店が別の県にある場合の扱いが知りたかったです' },
    ]);

    // The prompt is closed: the next message is an ordinary question again, answered with its own buttons.
    const next = await say(asker, 'ストレスチェックは何人以上の事業場で義務ですか？');
    expect(textOf(next)).toContain('出典');
    expect(buttonsOf(next).has('役に立った')).toBe(true);

    const period = parseReportMonth(new Date().toISOString().slice(0, 7), new Date())!;
    const figures = await createProgramFiguresRepository(t.app.db).countByCenter(period);
    const desk = figures.find((f) => f.centerId === null)!;
    expect(desk.answersRated).toBeGreaterThanOrEqual(1);
    expect(desk.answersHelpful).toBeLessThan(desk.answersRated);

    const report = await forgetUser(t.app.db, { channel: 'line', userId: asker });
    expect(report.deleted.answer_ratings).toBe(1);
    expect(await ratingsOf(asker)).toEqual([]);
  }, 120_000);

  it('lets a question after 「役に立たなかった」 through as a question, not a comment', async () => {
    const asker = lineUserId();
    const answer = await say(asker, '地産保の利用にお金はかかりますか？');
    await tap(asker, buttonsOf(answer).get('役に立たなかった')!);
    const reply = await say(asker, '衛生委員会はどのくらいの頻度で開くのですか？');
    expect(textOf(reply)).toContain('出典');
    expect(await ratingsOf(asker)).toEqual([{ rating: 'not_helpful', comment: null }]);
  }, 60_000);

  it('never offers the buttons after a hand-off to staff or a decline', async () => {
    const asker = lineUserId();
    const handoff = await say(
      asker,
      '部下が最近眠れていないようで、朝から泣いていることがあります。どう接したらいいですか',
    );
    expect(buttonsOf(handoff).has('役に立った')).toBe(false);
    const decline = await say(lineUserId(), '肉じゃがのおいしい作り方を教えてください');
    expect(buttonsOf(decline).has('役に立った')).toBe(false);
  }, 60_000);
});
