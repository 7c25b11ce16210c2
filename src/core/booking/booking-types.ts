/**
 * The vocabulary of a booking: what is collected, in which shape, and the zod schemas that check a draft
 * when the engine hands our state back (it is JSON in the database between two messages).
 */
import { z } from 'zod';
import { ContactSchema } from './contact.ts';
import { dayParts } from './date-parser.ts';

export const bookingKinds = ['consultation', 'visit'] as const;
export type BookingKind = (typeof bookingKinds)[number];

export const topics = [
  'メンタルヘルス対策',
  '両立支援',
  '化学物質・リスクアセスメント対象物健康診断',
  '健康診断・面接指導',
  '長時間労働',
  '作業環境',
  'その他',
] as const;
export type Topic = (typeof topics)[number];

/** 専門的相談 is given at the center by appointment, by phone, by e-mail, or online. */
export const methods = ['面談', '電話', 'メール', 'オンライン'] as const;
export type Method = (typeof methods)[number];

/** What a workplace visit (個別訪問支援) can be asked for; free text is accepted too. */
export const visitPurposes = [
  'メンタルヘルス対策の導入',
  '管理監督者向けの研修',
  '両立支援の体制づくり',
  '職場巡視・作業環境の助言',
  '保健指導',
] as const;

export const roleChoices = [
  '事業主・経営者',
  '人事労務担当者',
  '衛生管理者・衛生推進者',
  '産業医・保健師など',
  '管理監督者',
  '個人事業主・一人親方',
] as const;

export const specialInsuranceAnswers = ['yes', 'no', 'unknown'] as const;
export type SpecialInsuranceAnswer = (typeof specialInsuranceAnswers)[number];

export const desks = ['center', 'regional'] as const;
/** 'center' = the prefecture's 産業保健総合支援センター; 'regional' = its 地域窓口 (地域産業保健センター). */
export type Desk = (typeof desks)[number];

export const DateWishSchema = z.object({
  date: z.iso.date(),
  time: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  part: z.enum(dayParts).optional(),
});

/** 「30人」 is {30, 30}; 「50人未満」 is {1, 49}; 「300人以上」 is {300, null}. */
export const HeadcountSchema = z.object({
  min: z.number().int().min(1).max(1_000_000),
  max: z.number().int().min(1).max(1_000_000).nullable(),
});
export type Headcount = z.infer<typeof HeadcountSchema>;

export const shortText = (max: number) => z.string().trim().min(1).max(max);

export const BookingDraftSchema = z.object({
  topic: z.enum(topics).optional(),
  method: z.enum(methods).optional(),
  prefecture: shortText(8).optional(),
  organisation: shortText(100).optional(),
  industry: shortText(30).optional(),
  headcount: HeadcountSchema.optional(),
  role: shortText(40).optional(),
  selfEmployed: z.boolean().optional(),
  specialInsurance: z.enum(specialInsuranceAnswers).optional(),
  name: shortText(60).optional(),
  contact: ContactSchema.optional(),
  dates: z.array(DateWishSchema).max(3).optional(),
  /** The user is done giving dates (or has none to give: staff will propose). */
  datesDone: z.boolean().optional(),
  summary: shortText(400).optional(),
  address: shortText(200).optional(),
  purpose: shortText(100).optional(),
  /** ISO instant the user agreed to the personal-information notice. */
  consentAt: z.iso.datetime().optional(),
});
export type BookingDraft = z.infer<typeof BookingDraftSchema>;

export const fieldNames = [
  'consent',
  'topic',
  'purpose',
  'method',
  'prefecture',
  'role',
  'specialInsurance',
  'organisation',
  'address',
  'headcount',
  'name',
  'contact',
  'dates',
  'summary',
] as const;
export type FieldName = (typeof fieldNames)[number];

/** Japanese labels, shown on summaries, in Slack and as CSV headers. */
export const fieldLabels: Record<Exclude<FieldName, 'consent'>, string> = {
  topic: 'テーマ',
  purpose: '訪問の目的',
  method: '相談方法',
  prefecture: '都道府県',
  role: 'お立場',
  specialInsurance: '労災保険の特別加入',
  organisation: '事業場名',
  address: '事業場の所在地',
  headcount: '従業員数',
  name: 'お名前',
  contact: '連絡先',
  dates: '希望日時',
  summary: 'ご相談内容',
};

export const kindLabels: Record<BookingKind, string> = {
  consultation: '専門的相談',
  visit: '個別訪問支援',
};

export function formatHeadcount(headcount: Headcount): string {
  if (headcount.max === null) return `${headcount.min}人以上`;
  if (headcount.min === headcount.max) return `${headcount.min}人`;
  if (headcount.min <= 1) return `${headcount.max + 1}人未満`;
  return `${headcount.min}〜${headcount.max}人`;
}

export const specialInsuranceLabels: Record<SpecialInsuranceAnswer, string> = {
  yes: '加入している',
  no: '加入していない',
  unknown: 'わからない',
};
