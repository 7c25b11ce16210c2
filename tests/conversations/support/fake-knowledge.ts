/**
 * A small knowledge base for conversation scripts: a few grounded answers with citations, an honest
 * "not covered" otherwise, and a record of every call (question and history) so scripts can check that
 * follow-ups reach the knowledge base with their context. The real knowledge base has its own tests.
 */
import type { KnowledgeAnswerer } from '../../../src/core/conversation/deps.ts';
import type { Citation } from '../../../src/core/message.ts';

interface Entry {
  about: RegExp;
  text: string;
  citation: Citation;
}

const entries: Entry[] = [
  {
    about: /地域産業保健センター|地さんぽ|地産保|ちさんぽ/u,
    text: '地域産業保健センター（地さんぽ）は、労働者50人未満の小規模事業場の事業者と、そこで働く方を対象にしています。',
    citation: {
      documentId: 'guides/chisanpo',
      title: '地域産業保健センターの使い方',
      section: '対象となる事業場',
    },
  },
  {
    about: /ストレスチェック|すとれすちぇっく/u,
    text: 'ストレスチェックは、常時50人以上の労働者を使用する事業場では年1回以上の実施が義務です。',
    citation: { documentId: 'guides/stress-check', title: 'ストレスチェック制度', section: '実施の義務' },
  },
  {
    about: /訪問支援|個別訪問/u,
    text: 'メンタルヘルス対策の個別訪問支援では、メンタルヘルス対策・両立支援促進員が事業場を訪問して助言します。',
    citation: { documentId: 'guides/individual-visits', title: '個別訪問支援', section: '内容' },
  },
];

const free: Entry = {
  about: /無料|費用|有料|お金/u,
  text: '地域産業保健センターのサービスは、原則無料でご利用いただけます。',
  citation: { documentId: 'guides/chisanpo', title: '地域産業保健センターの使い方', section: '費用' },
};

export interface KnowledgeCall {
  question: string;
  history: string[];
}

export function createFakeKnowledge(): KnowledgeAnswerer & { calls: KnowledgeCall[] } {
  const calls: KnowledgeCall[] = [];
  return {
    calls,
    async answer(question, options) {
      const history = options?.history ?? [];
      calls.push({ question, history: [...history] });
      const normalized = question.normalize('NFKC');
      const direct = entries.find((e) => e.about.test(normalized));
      // A follow-up such as 「それは無料ですか？」 is about the topic of the previous questions.
      const topic =
        direct ??
        [...history]
          .reverse()
          .map((h) => entries.find((e) => e.about.test(h)))
          .find(Boolean);
      const entry = free.about.test(normalized) && topic === entries[0] ? free : direct;
      if (entry === undefined) {
        return {
          text: 'ご質問の内容は、手元の公式資料では確認できませんでした。担当者や専門スタッフへのご相談をご利用ください。',
          citations: [],
          grounded: false,
          answeredBy: 'fake',
        };
      }
      return { text: entry.text, citations: [entry.citation], grounded: true, answeredBy: 'fake' };
    },
  };
}

/** Records the calls to any knowledge base (the real one included) for the scripts' expectations. */
export function recordKnowledge(inner: KnowledgeAnswerer): KnowledgeAnswerer & { calls: KnowledgeCall[] } {
  const calls: KnowledgeCall[] = [];
  return {
    calls,
    answer(question, options) {
      calls.push({ question, history: [...(options?.history ?? [])] });
      return inner.answer(question, options);
    },
  };
}
