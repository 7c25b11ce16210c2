import { describe, expect, it } from 'vitest';
import { readAnswers } from '../../../src/core/booking/answer-reader.ts';
import { looksLikeAside, readRole } from '../../../src/core/booking/request-readers.ts';
import { matchPrefecture, readHeadcount } from '../../../src/core/booking/workplace-readers.ts';
import { loadCenters } from './fakes.ts';

const now = new Date('2026-11-24T01:00:00Z');
const centers = loadCenters().list();
const strict = (text: string, kind: 'consultation' | 'visit' = 'consultation') =>
  readAnswers(text, { now, centers, awaiting: null, kind });

describe('readAnswers, several answers in one message', () => {
  it('reads prefecture, industry, headcount, role, name and method from one sentence', () => {
    const reading = strict('東京の製造業で従業員30人、人事の山田です。電話で相談したいです');
    expect(reading.values).toEqual({
      prefecture: '東京都',
      industry: '製造業',
      headcount: { min: 30, max: 30 },
      role: '人事労務担当者',
      selfEmployed: false,
      name: '山田',
      method: '電話',
    });
    expect(reading.errors).toEqual([]);
  });

  it('reads contact, dates and topic together', () => {
    const reading = strict(
      'ストレスチェックの相談です。連絡先は０９０－１２３４－５６７８、12月3日10時か4日の午後でお願いします',
    );
    expect(reading.values.topic).toBe('メンタルヘルス対策');
    expect(reading.values.contact).toEqual({ kind: 'phone', value: '090-1234-5678' });
    expect(reading.dates).toEqual([
      { date: '2026-12-03', time: '10:00' },
      { date: '2026-12-04', part: 'afternoon' },
    ]);
  });

  it('reports a bad phone number and a bad e-mail address', () => {
    expect(strict('電話は03-1234-567です').errors.map((e) => e.field)).toEqual(['contact']);
    expect(strict('メールは yamada@example でお願いします').errors.map((e) => e.field)).toEqual(['contact']);
  });

  it('does not read words in passing as answers', () => {
    const reading = strict('産業医がいないので、社長に言われて大阪ガスの件を相談したい');
    expect(reading.values.role).toBeUndefined();
    expect(reading.values.prefecture).toBeUndefined();
    expect(reading.values.name).toBeUndefined();
  });

  it('reads a corporate name', () => {
    expect(strict('株式会社さんぽ工業の総務担当です').values.organisation).toBe('株式会社さんぽ工業');
  });

  it('reads self-employed people as such', () => {
    expect(strict('一人親方です。').values).toMatchObject({
      role: '個人事業主・一人親方',
      selfEmployed: true,
    });
  });
});

describe('readAnswers for the question just asked', () => {
  const answer = (
    awaiting: Parameters<typeof readAnswers>[1]['awaiting'],
    text: string,
    kind: 'consultation' | 'visit' = 'consultation',
  ) => readAnswers(text, { now, centers, awaiting, kind });

  it('takes free text as the answer', () => {
    expect(answer('name', '山田太郎と申します').values).toEqual({ name: '山田太郎' });
    expect(answer('organisation', '株式会社さんぽです').values).toEqual({ organisation: '株式会社さんぽ' });
    expect(answer('summary', 'ストレスチェックの集団分析をどう活かすか').values.summary).toBe(
      'ストレスチェックの集団分析をどう活かすか',
    );
  });

  it('fills the prefecture from a workplace address', () => {
    expect(answer('address', '大阪府大阪市北区1-2-3', 'visit').values).toEqual({
      address: '大阪府大阪市北区1-2-3',
      prefecture: '大阪府',
    });
  });

  it('refuses a name with digits and an over-long summary', () => {
    expect(answer('name', '山田 090').errors).toHaveLength(1);
    expect(answer('summary', 'あ'.repeat(401)).errors[0]?.message).toBe('400字以内でお知らせください。');
  });

  it('treats an aside as no answer', () => {
    const reading = answer('organisation', 'ところで地産保って無料ですか？');
    expect(reading.values).toEqual({});
    expect(reading.errors).toEqual([]);
  });

  it('reads a headcount band from the quick replies', () => {
    expect(answer('headcount', '10〜49人').values.headcount).toEqual({ min: 10, max: 49 });
    expect(answer('headcount', '10人未満').values.headcount).toEqual({ min: 1, max: 9 });
    expect(answer('headcount', '300人以上').values.headcount).toEqual({ min: 300, max: null });
    expect(answer('headcount', '25').values.headcount).toEqual({ min: 25, max: 25 });
  });

  it('asks again when a prefecture cannot be read', () => {
    expect(answer('prefecture', 'よくわかりません').errors.map((e) => e.field)).toEqual(['prefecture']);
  });

  it('takes a method choice and a special-insurance answer', () => {
    expect(answer('method', 'オンライン').values.method).toBe('オンライン');
    expect(answer('specialInsurance', 'はい、加入しています').values.specialInsurance).toBe('yes');
    expect(answer('specialInsurance', '入っていません').values.specialInsurance).toBe('no');
    expect(answer('specialInsurance', 'わからないです').values.specialInsurance).toBe('unknown');
  });

  it('tells a missing contact from a mistyped one', () => {
    expect(answer('contact', '1234-5678').errors[0]?.message).toContain('市外局番');
    expect(answer('contact', 'あとで').errors[0]?.message).toContain('読み取れません');
  });
});

describe('matchPrefecture', () => {
  it.each([
    ['東京都です', '東京都'],
    ['東京の本社', '東京都'],
    ['京都市内の事業場', '京都府'],
    ['東京都内', '東京都'],
    ['とうきょう', '東京都'],
    ['kyoto', '京都府'],
    ['北海道', '北海道'],
    ['神奈川県横浜市', '神奈川県'],
  ])('%s → %s', (text, prefecture) => {
    expect(matchPrefecture(text, centers, true)?.prefecture).toBe(prefecture);
  });

  it.each(['大阪ガスの件', 'わたしがやります', 'それなら', 'みえる'])('finds none in %s', (text) => {
    expect(matchPrefecture(text, centers, true)).toBeNull();
  });
});

describe('readHeadcount and readRole', () => {
  it('reads headcounts only in clear phrasings when not asked', () => {
    expect(readHeadcount('社員は約45名です', false)).toEqual({ min: 45, max: 45 });
    expect(readHeadcount('従業員50人未満', false)).toEqual({ min: 1, max: 49 });
    expect(readHeadcount('20人規模の会社', false)).toEqual({ min: 20, max: 20 });
    expect(readHeadcount('12月3日に3人で伺います', false)).toBeNull();
  });

  it('reads roles from quick replies and free text', () => {
    expect(readRole('衛生管理者・衛生推進者', true)).toEqual({
      role: '衛生管理者・衛生推進者',
      selfEmployed: false,
    });
    expect(readRole('工場の安全担当', true)).toEqual({ role: '工場の安全担当', selfEmployed: false });
    expect(readRole('衛生管理者をしています', false)).toEqual({ role: '衛生管理者', selfEmployed: false });
  });
});

describe('looksLikeAside', () => {
  it.each(['ところで地産保って無料ですか？', '費用はかかりますか', 'ちなみに土曜日は？'])(
    '%s is an aside',
    (text) => {
      expect(looksLikeAside(text)).toBe(true);
    },
  );
  it.each(['山田です', '東京都', '03-1234-5678'])('%s is an answer', (text) => {
    expect(looksLikeAside(text)).toBe(false);
  });
});
