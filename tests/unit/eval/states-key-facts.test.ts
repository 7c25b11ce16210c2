import { describe, expect, it } from 'vitest';
import { statesKeyFacts } from '../../../src/cli/eval-blind.ts';

describe('statesKeyFacts (how blind answer sets are graded)', () => {
  it('needs one spelling of every group', () => {
    const reply = '常時50人以上の事業場では、3か月以内に医師の意見を聴きます。';
    expect(
      statesKeyFacts(reply, [
        ['50人以上', '50名以上'],
        ['3ヶ月以内', '３か月以内'],
      ]),
    ).toBe(true);
    expect(statesKeyFacts(reply, [['50人以上'], ['14日以内']])).toBe(false);
  });

  it('reads a fact through a short bracketed aside, and not through a long one', () => {
    expect(statesKeyFacts('費用は事業者(会社)が負担します。', [['事業者が負担']])).toBe(true);
    expect(statesKeyFacts('2020年（令和2年）3月に公表されました。', [['2020年3月']])).toBe(true);
    expect(
      statesKeyFacts('事業者(健康診断の実施を義務づけられている会社や団体)が負担します。', [
        ['事業者が負担'],
      ]),
    ).toBe(false);
  });
});
