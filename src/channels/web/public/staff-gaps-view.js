// Knowledge gaps and center answers (issue 15): the month's unanswered and 「役に立たなかった」 questions,
// grouped; a form to draft the center's answer to one; drafts a second staff member approves or sends
// back; approved answers that can be withdrawn. Rendered on demand (not polled) so a draft being typed
// is never redrawn away.
import { callApi, describeApiError } from './api.js';
import { el, safeHttpUrl } from './dom.js';

/**
 * @typedef {{ question: string, counts: string, newest: string, topic: string | null, sources: string | null,
 *   comment: string | null, decisionId: string, decisionIds: string[] }} Group  (texts: describeGap)
 * @typedef {{ id: string, status: string, centerName: string, question: string, answer: string,
 *   topic: string | null, sourceUrls: string[], draftedBy: string, approvedBy: string | null }} Answer
 * @typedef {{ month: string, centers: { id: string, name: string }[], groups: Group[], drafts: Answer[],
 *   approved: Answer[] }} Gaps
 * @typedef {(path: string, body: Record<string, unknown>) => Promise<{ outcome?: string } | undefined>} Act
 */

/** @param {{ form: HTMLFormElement, month: HTMLInputElement, output: HTMLElement, staffId: () => string, act: Act }} view */
export function createGapsView(view) {
  const now = new Date();
  view.month.value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  /** @type {boolean | undefined} */
  let available;

  async function show() {
    if (available !== true) return;
    try {
      /** @type {Gaps} */
      const gaps = await callApi(`staff/gaps?month=${encodeURIComponent(view.month.value)}`, {
        staff: view.staffId(),
      });
      view.output.replaceChildren(render(gaps));
    } catch (error) {
      view.output.replaceChildren(el('p', {}, describeApiError(error)));
    }
  }

  const act = async (/** @type {string} */ path, /** @type {Record<string, unknown>} */ body) => {
    const result = await view.act(`gaps/${path}`, body);
    if (result !== undefined && result.outcome !== 'invalid') await show();
    return result;
  };

  /** @param {Gaps} gaps */
  function render(gaps) {
    return el(
      'div',
      { class: 'gaps' },
      el('h4', {}, `回答できなかった質問・役に立たなかった回答（${gaps.month}、新しい順）`),
      gaps.groups.length === 0
        ? el('p', { class: 'empty-note' }, '該当する質問はありません。')
        : el('ul', { class: 'cases gap-list' }, ...gaps.groups.map((g) => groupCard(g, gaps.centers))),
      el('h4', {}, `承認待ちのセンターの回答（${gaps.drafts.length}件）`),
      gaps.drafts.length === 0
        ? el('p', { class: 'empty-note' }, 'ありません。')
        : el('ul', { class: 'cases' }, ...gaps.drafts.map((a) => answerCard(a))),
      el('h4', {}, `承認済みのセンターの回答（${gaps.approved.length}件）`),
      gaps.approved.length === 0
        ? el('p', { class: 'empty-note' }, 'ありません。')
        : el('ul', { class: 'cases' }, ...gaps.approved.map((a) => answerCard(a))),
    );
  }

  /** @param {Group} g @param {{ id: string, name: string }[]} centers */
  function groupCard(g, centers) {
    const form = draftForm(g, centers);
    form.hidden = true;
    const answer = el('button', { type: 'button', class: 'primary' }, '回答を作成');
    answer.addEventListener('click', () => {
      form.hidden = !form.hidden;
    });
    const dismiss = el('button', { type: 'button', class: 'secondary' }, '対応不要');
    dismiss.addEventListener('click', () => void act('dismiss', { decisionIds: g.decisionIds }));
    return el(
      'li',
      { class: 'case gap' },
      el('p', { class: 'gap-question' }, `「${g.question}」`),
      el('p', { class: 'case-meta' }, `${g.counts}・最新 ${g.newest}`),
      g.topic === null ? null : el('p', { class: 'case-meta' }, `話題：${g.topic}`),
      el(
        'p',
        { class: 'case-meta' },
        g.sources === null ? '回答：資料に記述なし' : `回答の出典：${g.sources}`,
      ),
      g.comment === null ? null : el('p', { class: 'case-meta' }, `利用者のコメント：「${g.comment}」`),
      el('div', { class: 'actions' }, answer, dismiss),
      form,
    );
  }

  /** @param {Group} g @param {{ id: string, name: string }[]} centers */
  function draftForm(g, centers) {
    const id = g.decisionId;
    const center = /** @type {HTMLSelectElement} */ (
      el(
        'select',
        { id: `ca-center-${id}`, required: true },
        el('option', { value: '' }, '選んでください'),
        ...centers.map((c) => el('option', { value: c.id }, c.name)),
      )
    );
    const question = /** @type {HTMLInputElement} */ (
      el('input', { id: `ca-question-${id}`, maxlength: '300', required: true })
    );
    question.value = g.question;
    const answer = /** @type {HTMLTextAreaElement} */ (
      el('textarea', { id: `ca-answer-${id}`, rows: '4', maxlength: '2000', required: true })
    );
    const sources = /** @type {HTMLTextAreaElement} */ (
      el('textarea', { id: `ca-sources-${id}`, rows: '2', required: true })
    );
    const topic = /** @type {HTMLInputElement} */ (el('input', { id: `ca-topic-${id}`, maxlength: '40' }));
    topic.value = g.topic ?? '';
    const form = el(
      'form',
      { class: 'booking-form center-answer-form' },
      el(
        'p',
        { class: 'case-meta' },
        '別の担当者が承認すると、利用者への回答に「〇〇産業保健総合支援センターの回答」として出典つきで使われます。個人が特定できる内容は書かないでください。',
      ),
      el('label', { for: center.id }, 'センター'),
      center,
      el('label', { for: question.id }, '質問（一般的な言い方に直してください）'),
      question,
      el('label', { for: answer.id }, '回答'),
      answer,
      el(
        'label',
        { for: sources.id },
        '根拠となる公式ページのURL（1行に1つ。mhlw.go.jp・johas.go.jp・e-gov.go.jp・jaish.gr.jp）',
      ),
      sources,
      el('label', { for: topic.id }, '話題（任意）'),
      topic,
      el('button', { type: 'submit', class: 'primary' }, '承認を依頼'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void act('draft', {
        centerId: center.value,
        question: question.value,
        answer: answer.value,
        sources: sources.value,
        topic: topic.value.trim() === '' ? null : topic.value,
        gapDecisionId: g.decisionId,
      });
    });
    return form;
  }

  /** @param {Answer} a */
  function answerCard(a) {
    const button = (
      /** @type {string} */ label,
      /** @type {string} */ action,
      /** @type {string} */ kind,
    ) => {
      const node = el('button', { type: 'button', class: kind }, label);
      node.addEventListener('click', () => void act(action, { id: a.id }));
      return node;
    };
    return el(
      'li',
      { class: 'case center-answer' },
      el('p', { class: 'gap-question' }, `「${a.question}」（${a.centerName}）`),
      el('p', { class: 'center-answer-text' }, a.answer),
      el(
        'p',
        { class: 'case-meta' },
        '根拠：',
        ...a.sourceUrls.flatMap((u) => {
          const href = safeHttpUrl(u);
          return href === undefined
            ? [u, ' ']
            : [el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, u), ' '];
        }),
      ),
      el(
        'p',
        { class: 'case-meta' },
        a.status === 'draft'
          ? `作成：${a.draftedBy}（作成者以外の担当者が承認してください）`
          : `作成：${a.draftedBy}・承認：${a.approvedBy ?? ''}`,
      ),
      el(
        'div',
        { class: 'actions' },
        ...(a.status === 'draft'
          ? [button('承認する', 'approve', 'primary'), button('差し戻す', 'reject', 'secondary')]
          : [button('取り下げる', 'withdraw', 'danger')]),
      ),
    );
  }

  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });

  return {
    show,
    setAvailable(/** @type {boolean} */ value) {
      if (available === value) return;
      available = value;
      view.form.hidden = !value;
      if (!value)
        view.output.replaceChildren(
          el('p', { class: 'empty-note' }, '回答できなかった質問の一覧は、このサーバーではまだ使えません。'),
        );
      else void show();
    },
  };
}
