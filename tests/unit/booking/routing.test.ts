import { describe, expect, it } from 'vitest';
import type { BookingDraft } from '../../../src/core/booking/booking-types.ts';
import { describeDesk, routeBooking } from '../../../src/core/booking/routing.ts';
import { loadCenters } from './fakes.ts';

const centers = loadCenters();
const route = (draft: BookingDraft) => {
  const routing = routeBooking(draft, centers);
  return routing && { center: routing.center.id, desk: routing.desk, review: routing.needsStaffReview };
};
const small = { min: 10, max: 49 };

describe('routeBooking', () => {
  it('waits for the prefecture', () => {
    expect(route({ topic: 'メンタルヘルス対策' })).toBeNull();
  });

  it('sends a workplace to its prefecture center', () => {
    expect(
      route({ prefecture: '東京都', topic: 'メンタルヘルス対策', headcount: { min: 120, max: 120 } }),
    ).toEqual({ center: 'tokyo', desk: 'center', review: false });
  });

  it.each([
    ['the topic 健康診断・面接指導', { topic: '健康診断・面接指導' }],
    ['面接指導 in the summary', { topic: '長時間労働', summary: '残業の多い社員の面接指導をお願いしたい' }],
    [
      '医師との面談, as people say it',
      { topic: '長時間労働', summary: '残業が多い社員に医師との面談を受けさせたい' },
    ],
    ['医師の意見 on health checks', { topic: 'その他', summary: '健康診断の結果について医師の意見がほしい' }],
    ['意見を聞きたい, as people say it', { topic: 'その他', summary: '産業医に意見を聞きたい' }],
    ['高ストレス者 in a visit purpose', { topic: 'メンタルヘルス対策', purpose: '高ストレス者への対応' }],
    ['保健指導', { topic: 'その他', summary: '保健指導をお願いしたい' }],
  ] satisfies [string, BookingDraft][])('under 50 workers asking for %s → 地域窓口', (_name, draft) => {
    expect(route({ prefecture: '大阪府', headcount: small, ...draft })).toEqual({
      center: 'osaka',
      desk: 'regional',
      review: false,
    });
  });

  it('keeps what the regional offices do not give, or bigger or unknown workplaces, at the center', () => {
    const summary = '高ストレス者の面接指導をお願いしたい';
    const osaka = { prefecture: '大阪府', topic: 'メンタルヘルス対策', summary } as const;
    expect(route({ ...osaka, headcount: { min: 50, max: 99 } })?.desk).toBe('center');
    expect(route({ ...osaka })?.desk).toBe('center');
    expect(route({ ...osaka, headcount: { min: 300, max: null } })?.desk).toBe('center');
    expect(
      route({ prefecture: '大阪府', headcount: small, topic: '作業環境', summary: '局所排気装置の点検方法' })
        ?.desk,
    ).toBe('center');
  });

  it('sends self-employed people to center staff for review, whatever they ask', () => {
    expect(
      route({
        prefecture: '福岡県',
        selfEmployed: true,
        specialInsurance: 'yes',
        topic: '健康診断・面接指導',
      }),
    ).toEqual({ center: 'fukuoka', desk: 'center', review: true });
  });

  it('names the regional desk after its center', () => {
    const center = centers.byId('osaka')!;
    expect(describeDesk(center, 'regional')).toBe(
      '大阪産業保健総合支援センター 地域窓口（地域産業保健センター）',
    );
    expect(describeDesk(center, 'center')).toBe('大阪産業保健総合支援センター');
  });
});
