import { describe, expect, it } from 'vitest';
import { describeGap, type GapItem, groupGaps } from '../../../src/core/feedback/knowledge-gaps.ts';

const item = (question: string, at: string, extra: Partial<GapItem> = {}): GapItem => ({
  decisionId: `d-${question}`,
  question,
  topic: null,
  grounded: false,
  rating: null,
  comment: null,
  cited: [],
  at: new Date(at),
  ...extra,
});

describe('knowledge gaps', () => {
  it('groups the same question worded a little differently, and keeps different ones apart', () => {
    const groups = groupGaps([
      item('岡山のさんぽセンターに駐車場はありますか', '2026-12-01T01:00:00Z'),
      item('岡山のさんぽセンターって駐車場ありますか？', '2026-12-03T01:00:00Z'),
      item('ストレスチェックの実施者になれる資格は？', '2026-12-02T01:00:00Z', {
        grounded: true,
        rating: 'not_helpful',
        cited: ['ストレスチェック制度のあらまし「ストレスチェックとはどんな検査ですか」'],
        comment: '資格の一覧が知りたかった',
      }),
    ]);
    expect(groups.map((g) => [g.question, g.count, g.unanswered, g.notHelpful])).toEqual([
      ['岡山のさんぽセンターって駐車場ありますか？', 2, 2, 0],
      ['ストレスチェックの実施者になれる資格は？', 1, 0, 1],
    ]);
  });

  it('keeps the same wording under different topics apart', () => {
    const groups = groupGaps([
      item('費用はいくらですか', '2026-12-01T01:00:00Z', { topic: 'visit' }),
      item('費用はいくらですか', '2026-12-02T01:00:00Z', { topic: 'stress_check' }),
    ]);
    expect(groups).toHaveLength(2);
  });

  it('describes a group with its counts, the sources the reply gave and the user’s comment', () => {
    const [group] = groupGaps([
      item('ストレスチェックの実施者になれる資格は？', '2026-12-02T01:00:00Z', {
        grounded: true,
        rating: 'not_helpful',
        cited: ['ストレスチェック制度のあらまし「ストレスチェックとはどんな検査ですか」'],
        comment: '資格の一覧が知りたかった',
      }),
      item('ストレスチェックの実施者になれる資格は', '2026-12-01T01:00:00Z', { grounded: false }),
    ]);
    expect(describeGap(group!)).toEqual({
      question: 'ストレスチェックの実施者になれる資格は？',
      counts: '2件（回答できず 1、役に立たなかった 1）',
      newest: '12/02 10:00',
      topic: null,
      sources: 'ストレスチェック制度のあらまし「ストレスチェックとはどんな検査ですか」',
      comment: '資格の一覧が知りたかった',
    });
  });
});
