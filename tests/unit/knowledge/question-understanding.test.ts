import { describe, expect, it } from 'vitest';
import { fitAnswerability } from '../../../src/cli/train-answerability.ts';
import {
  type AnswerabilityFeatures,
  answerabilityProbability,
  verdictOf,
} from '../../../src/core/knowledge/answerability.ts';
import { partialCredit } from '../../../src/core/knowledge/evidence.ts';
import { selectSentences } from '../../../src/core/knowledge/extractive-answer.ts';
import type { Passage } from '../../../src/core/knowledge/knowledge-base.ts';
import { prepareQuery, questionFocus } from '../../../src/core/knowledge/query-terms.ts';
import { askedForms, hasAskedForm } from '../../../src/core/knowledge/question-shape.ts';
import { createDefaultTokenizer } from '../../../src/core/knowledge/tokenizer.ts';

const tokenizer = createDefaultTokenizer();

describe('what a question asks for', () => {
  it('reads the asked form from everyday wording', () => {
    expect(askedForms('地産保 対象 何人まで')).toContain('count');
    expect(askedForms('健診の意見聴取っていつまでにやればいい？')).toContain('period');
    expect(askedForms('これってお金かかるんですか')).toContain('cost');
    expect(askedForms('衛生委員会って毎月やらないとダメ？')).toEqual(
      expect.arrayContaining(['frequency', 'duty']),
    );
    expect(askedForms('申し込みはどうやって？')).toContain('apply');
    expect(askedForms('ストレスチェックの結果を見せてください')).toEqual([]);
    // Who answers (not who may use it), who runs it, where, how long, what it is called.
    expect(askedForms('電話って誰が出るの？医者？')).toContain('who');
    expect(askedForms('医師から意見をもらえますか')).not.toContain('who');
    expect(askedForms('あのセンターってどこが運営してるんですか')).toContain('operator');
    expect(askedForms('どういう区切りで置かれてるの？市町村ごと？')).toContain('where');
    expect(askedForms('1回どのくらい話せるの')).toContain('length');
    expect(askedForms('あの手引きで会社が作るものって、なんて名前でしたっけ')).toContain('name');
    // Not every 方, かかる or 名前: a method, a price, a name to be written down.
    expect(askedForms('どのような方法で申し込めますか')).not.toContain('who');
    expect(askedForms('どんな人が利用できますか')).not.toContain('who');
    expect(askedForms('どんな先生が相談に乗ってくれるの')).toContain('who');
    expect(askedForms('訪問してもらうと費用はどのくらいかかりますか')).not.toContain('length');
    expect(askedForms('返事までどのくらいかかりますか')).toContain('length');
    expect(askedForms('相談するとき名前を言わないといけませんか')).not.toContain('name');
  });

  it('recognises a sentence that has the asked form, and one that does not', () => {
    expect(hasAskedForm('労働者が50人未満の事業場が対象です。', ['count'])).toBe(true);
    expect(hasAskedForm('選任すべき人数は規模によって変わります。', ['count'])).toBe(false);
    expect(hasAskedForm('健診の日から3か月以内に意見を聴きます。', ['period'])).toBe(true);
    expect(hasAskedForm('サービスは無料です。', ['cost'])).toBe(true);
    expect(hasAskedForm('どんな文でも', [])).toBe(true);
    expect(hasAskedForm('面接指導という制度があります。', ['name'])).toBe(false);
    expect(hasAskedForm('この計画を「職場復帰支援プラン」と呼びます。', ['name'])).toBe(true);
  });

  it('leaves question words out of what a passage must contain', () => {
    const prepared = prepareQuery('地産保 対象 何人まで', tokenizer);
    expect(prepared.evidenceTokens).not.toContain('何人');
    expect(prepared.evidenceTokens).toContain('対象');
  });

  it('counts a synonym group once, as its concept, not as each word of its canonical name', () => {
    const prepared = prepareQuery('地産保の対象は？', tokenizer);
    expect(prepared.evidenceTokens).toContain('§地域産業保健センター');
    expect(prepared.evidenceTokens).not.toContain('センター');
  });
});

describe('the question proper in a message full of background', () => {
  it('takes the last clause that names the topic', () => {
    const text = '従業員12人の板金工場をやってます。健診の結果について、医師の意見はどこで聞けますか';
    expect(questionFocus(text, tokenizer)).toBe('健診の結果について、医師の意見はどこで聞けますか');
    const prepared = prepareQuery(text, tokenizer);
    expect(prepared.contextTokens).toContain('板金');
    expect(prepared.contextTokens).not.toContain('意見');
  });

  it('takes in the clause before a bare question frame', () => {
    const text = '衛生委員会の議事録は何年残すんですか。教えてください。';
    expect(questionFocus(text, tokenizer)).toContain('議事録');
  });

  it('keeps a one-clause question whole', () => {
    expect(questionFocus('衛生委員会は毎月ですか', tokenizer)).toBe('衛生委員会は毎月ですか');
  });
});

describe('partial credit for a word written differently', () => {
  it('gives full credit inside a longer word, most for the same stem, little for a shared prefix', () => {
    expect(partialCredit('義務', '実施が義務付けられています')).toBe(1);
    expect(partialCredit('受診し', '受診することが必要です')).toBe(0.8);
    expect(partialCredit('健康診断書', '健康診断の結果')).toBe(0.4);
    expect(partialCredit('駐車場', '会場は駅から近いです')).toBe(0);
  });
});

function passage(id: string, text: string, coverage = 1): Passage {
  return {
    id,
    text,
    citation: { documentId: id.split('#')[0]!, title: 't', section: 's' },
    kind: 'guide',
    needsVerification: false,
    scores: { fused: 1, coverage },
  };
}

describe('choosing what to quote', () => {
  it('prefers the sentence in the asked form and keeps the sentence that completes it', () => {
    const passages = [
      passage(
        'a#1',
        '意見聴取は健康診断の結果に基づいて行います。医師の意見は、健診を受けた日から3か月以内に聴きます。意見聴取の結果は記録します。',
      ),
    ];
    const evidence = {
      tokens: ['意見', '聴取'],
      idf: new Map([
        ['意見', 1],
        ['聴取', 1],
      ]),
      asks: askedForms('意見聴取はいつまでに？'),
    };
    const chosen = selectSentences(passages, evidence, tokenizer).map((s) => s.text);
    expect(chosen.join('')).toContain('3か月以内');
  });

  it('quotes the sentence with the asked detail even when only its passage names the topic', () => {
    const passages = [
      passage(
        'a#1',
        '電話相談は、電話をかけた時点で利用規約に同意したものとして扱われます。相談員を指名することはできません。1回の時間は内容によって変わり、最長で20分です。受付時間は相談ページで確認してください。',
      ),
    ];
    const evidence = {
      tokens: ['電話', '相談'],
      idf: new Map([
        ['電話', 1],
        ['相談', 1],
      ]),
      asks: askedForms('電話相談 1回 何分まで'),
    };
    const chosen = selectSentences(passages, evidence, tokenizer).map((s) => s.text);
    expect(chosen.join('')).toContain('最長で20分');
  });
});

describe('the answerability model', () => {
  const features = (coverage: number): AnswerabilityFeatures => ({
    bestCoverage: coverage,
    topCoverage: coverage,
    unseenShare: 1 - coverage,
    largestMissingShare: 1 - coverage,
    askedFormFound: 0,
    askedFormMissing: 0,
    topVector: 0.3,
    evidenceCount: 1.5,
    bestHeading: coverage / 2,
    unseenCount: coverage < 0.5 ? 1 : 0,
  });

  it('learns that coverage separates answerable from not, and puts its thresholds between them', () => {
    const examples = [0.1, 0.2, 0.3, 0.35, 0.4, 0.7, 0.75, 0.8, 0.9, 1].map((c) => ({
      features: features(c),
      label: (c >= 0.6 ? 1 : 0) as 0 | 1,
    }));
    const model = fitAnswerability(examples, 'test');
    expect(verdictOf(model, answerabilityProbability(model, features(0.95)))).toBe('supported');
    expect(verdictOf(model, answerabilityProbability(model, features(0.15)))).toBe('unsupported');
    expect(model.partial).toBeLessThanOrEqual(model.supported);
  });

  it('is deterministic: the same examples give the same model', () => {
    const examples = [0.2, 0.5, 0.9].map((c, i) => ({ features: features(c), label: (i % 2) as 0 | 1 }));
    expect(fitAnswerability(examples, 'x')).toEqual(fitAnswerability(examples, 'x'));
  });
});
