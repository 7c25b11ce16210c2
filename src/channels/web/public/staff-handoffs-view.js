// Handoff cases on the staff side: claim (or take over), reply to the user, resolve, return to the bot.
import { el, formatShortTime, randomId } from './dom.js';
import { createKeyedCards } from './keyed-cards.js';

/**
 * @typedef {{ from: 'user' | 'bot' | 'staff', text: string, at: string }} Line
 * @typedef {{ id: string, route: 'handoff' | 'crisis', urgency: 'normal' | 'urgent',
 *   status: 'open' | 'claimed' | 'resolved' | 'returned', claimedBy: string | null, claimedByMe: boolean,
 *   summary: string, centerName: string, user: { channel: string, userId: string }, createdAt: string,
 *   workplace: Record<string, string>, lines: Line[] }} Handoff
 * @typedef {(path: string, body: Record<string, unknown>) => Promise<{ outcome?: string } | undefined>} Act
 */

const fromLabels = { user: '利用者', bot: 'ボット', staff: '担当者' };
const statusLabels = {
  open: '未対応',
  claimed: '対応中',
  resolved: '解決済み',
  returned: 'ボットに戻しました',
};
const channelLabels = { web: 'コンソール', line: 'LINE', slack: 'Slack', cli: 'CLI' };

/** @param {{ list: HTMLElement, emptyNote: HTMLElement | null, act: Act }} view */
export function createHandoffCards(view) {
  const isUrgent = (/** @type {Handoff} */ h) => h.urgency === 'urgent' || h.route === 'crisis';

  /** @param {Handoff} handoff */
  function buildBody(handoff) {
    const header = el(
      'div',
      { class: 'case-header' },
      isUrgent(handoff) ? el('span', { class: 'badge badge-urgent' }, '緊急') : null,
      el('span', { class: 'badge' }, handoff.route === 'crisis' ? '危機対応' : '有人対応'),
      el('span', { class: 'badge' }, statusLabels[handoff.status] ?? handoff.status),
      el('span', { class: 'case-meta' }, `${handoff.centerName}・${formatShortTime(handoff.createdAt)}`),
    );
    const who = `${channelLabels[handoff.user.channel] ?? handoff.user.channel} の利用者（${handoff.user.userId.slice(0, 8)}…）`;
    const owner =
      handoff.claimedBy === null
        ? '担当：未定'
        : handoff.claimedByMe
          ? '担当：あなた'
          : `担当：${handoff.claimedBy}`;
    const workplace = Object.entries(handoff.workplace);
    const transcript = el(
      'ol',
      { class: 'transcript', 'aria-label': 'やりとり' },
      ...handoff.lines.map((line) =>
        el(
          'li',
          { class: `line line-${line.from}` },
          el(
            'span',
            { class: 'line-from' },
            `${fromLabels[line.from] ?? line.from}（${formatShortTime(line.at)}）`,
          ),
          el('span', { class: 'line-text' }, line.text),
        ),
      ),
    );
    const actions = el('div', { class: 'case-actions', role: 'group', 'aria-label': '操作' });
    const button = (/** @type {string} */ label, /** @type {string} */ action, /** @type {string} */ cls) => {
      const b = el('button', { type: 'button', class: cls, 'data-focus-key': action }, label);
      b.addEventListener('click', async () => {
        if (
          action === 'takeover' &&
          !window.confirm('担当を代わりますか？利用者には担当者の交代をお知らせします。')
        )
          return;
        const result = await view.act(`handoffs/${action}`, { handoffId: handoff.id });
        if (result?.outcome === 'claimed' || result?.outcome === 'taken-over') focusReply(handoff.id);
      });
      return b;
    };
    if (handoff.claimedBy === null) actions.append(button('担当する', 'claim', 'primary'));
    if (handoff.claimedBy !== null && !handoff.claimedByMe) {
      actions.append(button('担当を代わる', 'takeover', 'secondary'));
    }
    if (handoff.claimedBy === null || handoff.claimedByMe) {
      actions.append(button('解決', 'resolve', 'secondary'), button('ボットに戻す', 'return', 'secondary'));
    }
    return [
      header,
      el('p', { class: 'case-summary' }, handoff.summary),
      el('p', { class: 'case-user' }, `${who}・${owner}`),
      workplace.length > 0
        ? el(
            'dl',
            { class: 'summary-rows' },
            ...workplace.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
          )
        : null,
      handoff.lines.length > 0 ? transcript : null,
      actions,
    ].filter((node) => node !== null);
  }

  /** The reply box sits outside the rebuilt body, so a poll never clears a half-written reply. */
  function buildForms(/** @type {Handoff} */ handoff) {
    const inputId = `reply-${handoff.id}`;
    const input = /** @type {HTMLTextAreaElement} */ (
      el('textarea', { id: inputId, rows: '2', class: 'reply-input', maxlength: '2000' })
    );
    const form = el(
      'form',
      { class: 'reply-form' },
      el('label', { for: inputId }, '利用者への返信（Ctrl+Enter でも送信）'),
      input,
      el('button', { type: 'submit', class: 'primary' }, '返信を送る'),
    );
    /** One id per reply text: pressing again after a failure does not send it twice. */
    let pending = { text: '', id: '' };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === '') return;
      if (pending.text !== text) pending = { text, id: randomId() };
      const result = await view.act('handoffs/reply', { handoffId: handoff.id, text, id: pending.id });
      if (result !== undefined) input.value = '';
      input.focus();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    return [form];
  }

  function focusReply(/** @type {string} */ handoffId) {
    const input = document.getElementById(`reply-${handoffId}`);
    if (input instanceof HTMLTextAreaElement && input.closest('[hidden]') === null) input.focus();
  }

  return createKeyedCards({
    list: view.list,
    emptyNote: view.emptyNote,
    emptyText: '対応待ちの引き継ぎはありません。',
    idOf: (/** @type {Handoff} */ h) => h.id,
    label: (h) => `${isUrgent(h) ? '緊急の' : ''}引き継ぎ：${h.summary}`,
    buildBody,
    buildForms,
    afterUpdate(root, h, changed) {
      root.classList.toggle('case-urgent', isUrgent(h));
      // New lines arrive at the bottom; show them, but leave a staff member's own scrolling alone otherwise.
      const transcript = root.querySelector('.transcript');
      if (changed && transcript instanceof HTMLElement) transcript.scrollTop = transcript.scrollHeight;
      const reply = root.querySelector('.reply-form');
      if (reply instanceof HTMLElement) reply.hidden = !h.claimedByMe;
    },
  });
}
