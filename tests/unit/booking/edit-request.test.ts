import { describe, expect, it } from 'vitest';
import { readEditRequest } from '../../../src/core/booking/edit-request.ts';

const structured = { choosingField: false, freeTextAnswer: false };
const freeText = { choosingField: false, freeTextAnswer: true };

describe('readEditRequest', () => {
  it.each([
    ['電話番号を変更したい', 'contact'],
    ['連絡先を変えたいです', 'contact'],
    ['日程を直したい', 'dates'],
    ['従業員数が間違っていました', 'headcount'],
    ['相談方法を電話に変更します', 'method'],
    ['名前を訂正したい', 'name'],
  ])('%s → %s', (text, field) => {
    expect(readEditRequest(text, structured)).toEqual({ field });
  });

  it('takes a bare field name on the field chooser', () => {
    expect(readEditRequest('連絡先', { choosingField: true, freeTextAnswer: false })).toEqual({
      field: 'contact',
    });
  });

  it.each(['電話で相談したい', '残業時間の上限を変えたい', '就業規則を変更したいので相談したい'])(
    'does not take %s for an edit',
    (text) => {
      expect(readEditRequest(text, structured)).toBeNull();
    },
  );

  it('lets a free-text answer talk about changes', () => {
    expect(
      readEditRequest('ストレスチェックの実施方法を変更したいので、その内容を相談したい', freeText),
    ).toBeNull();
    expect(readEditRequest('電話番号を変更したい', freeText)).toEqual({ field: 'contact' });
  });
});
