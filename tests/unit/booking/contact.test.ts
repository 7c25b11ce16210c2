import { describe, expect, it } from 'vitest';
import { checkEmail, checkPhone, findEmail, findPhone } from '../../../src/core/booking/contact.ts';

describe('checkPhone', () => {
  it.each([
    ['03-1234-5678', '03-1234-5678'],
    ['0312345678', '0312345678'],
    ['06(6123)4567', '06-6123-4567'],
    ['090-1234-5678', '090-1234-5678'],
    ['09012345678', '090-1234-5678'],
    ['０９０ー１２３４ー５６７８', '090-1234-5678'],
    ['０３－１２３４－５６７８', '03-1234-5678'],
    ['080 1234 5678', '080-1234-5678'],
    ['070-1234-5678', '070-1234-5678'],
    ['050-1234-5678', '050-1234-5678'],
    ['0120-123-456', '0120-123-456'],
    ['0120123456', '0120-123-456'],
    ['0570-064-556', '0570-064-556'],
    ['0800-123-4567', '0800-123-4567'],
    ['0466-12-3456', '0466-12-3456'],
    ['+81 90-1234-5678', '090-1234-5678'],
    ['+81312345678', '0312345678'],
  ])('accepts %s as %s', (input, expected) => {
    expect(checkPhone(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['090-1234-567', 'length'],
    ['03-1234-56789', 'length'],
    ['0120-123-4567', 'length'],
    ['050-123-4567', 'length'],
    ['020-1234-5678', 'prefix'],
    ['1234-5678', 'prefix'],
    ['312345678', 'prefix'],
    ['+1 415 555 0100', 'prefix'],
    ['でんわ', 'shape'],
    ['12', 'shape'],
    ['03-1234-abcd', 'shape'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(checkPhone(input)).toEqual({ ok: false, reason });
  });
});

describe('checkEmail', () => {
  it.each([
    ['yamada@example.co.jp', 'yamada@example.co.jp'],
    ['Taro.Yamada+booking@Example.JP', 'taro.yamada+booking@example.jp'],
    ['ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ', 'yamada@example.jp'],
  ])('accepts %s', (input, expected) => {
    expect(checkEmail(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['yamada@example', 'yamada.example.jp', 'yamada@@example.jp', '山田@example.jp', '@example.jp'])(
    'refuses %s',
    (input) => {
      expect(checkEmail(input)).toEqual({ ok: false });
    },
  );
});

describe('finding contacts in a sentence', () => {
  it('finds a phone number and where it is', () => {
    const text = '連絡先は０３－１２３４－５６７８です';
    const found = findPhone(text)!;
    expect(found.check).toEqual({ ok: true, value: '03-1234-5678' });
    expect(text.normalize('NFKC').slice(found.index, found.index + found.length)).toBe('03-1234-5678');
  });

  it('finds a mistyped phone number so it can be refused', () => {
    expect(findPhone('電話は090-1234-567です')?.check).toEqual({ ok: false, reason: 'length' });
  });

  it('does not take a headcount or a date for a phone number', () => {
    expect(findPhone('従業員30人、12月3日10時')).toBeNull();
  });

  it('finds an e-mail address without its trailing full stop', () => {
    const found = findEmail('メールはyamada@example.co.jp.でお願いします')!;
    expect(found.check).toEqual({ ok: true, value: 'yamada@example.co.jp' });
  });

  it('finds a broken e-mail address so it can be refused', () => {
    expect(findEmail('yamada@example です')?.check).toEqual({ ok: false });
  });
});
