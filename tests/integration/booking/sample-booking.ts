import type { NewBooking } from '../../../src/core/booking/ports.ts';

/** A complete consultation request, as the flow would submit it. */
export function sampleBooking(overrides: Partial<NewBooking> = {}): NewBooking {
  return {
    requestKey: 'conv-1:ev-1',
    kind: 'consultation',
    channel: 'line',
    userId: 'U1',
    conversationId: 'conv-1',
    centerId: 'tokyo',
    desk: 'center',
    needsStaffReview: false,
    consentAt: new Date('2026-11-24T01:00:00Z'),
    consentNotice: 'booking-consent@1',
    topic: 'メンタルヘルス対策',
    method: '電話',
    prefecture: '東京都',
    organisation: '株式会社さんぽ',
    industry: '製造業',
    headcount: { min: 1, max: 49 },
    role: '人事労務担当者',
    selfEmployed: false,
    specialInsurance: null,
    contactName: '山田',
    contact: { kind: 'phone', value: '03-1234-5678' },
    preferredDates: [
      { date: '2026-12-03', time: '10:00' },
      { date: '2026-12-04', part: 'afternoon' },
    ],
    summary: '職場環境改善の進め方, "集団分析"',
    address: null,
    purpose: null,
    ...overrides,
  };
}
