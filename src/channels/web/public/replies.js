// Renders the core's OutboundReply values (src/core/message.ts) the way a LINE chat shows them:
// speech bubbles, source cards, summary cards with buttons, quick replies and date pickers.
import { el, linkifiedText, safeHttpUrl } from './dom.js';

/**
 * @typedef {{ mode: 'date' | 'time' | 'datetime', min?: string, max?: string }} Picker
 * @typedef {{ label: string, postback?: string, text?: string, picker?: Picker }} QuickReply
 * @typedef {{ documentId: string, title: string, section: string, url?: string, quote?: string }} Citation
 * @typedef {{ type: 'text', text: string, quickReplies?: QuickReply[] }
 *   | { type: 'sources', citations: Citation[] }
 *   | { type: 'summary', title: string, rows: { label: string, value: string }[], actions?: QuickReply[] }} OutboundReply
 * @typedef {(choice: QuickReply, pickedValue?: string) => void} Choose
 */

/**
 * @param {OutboundReply} reply
 * @param {Choose} choose called when a button on a card is pressed
 * @returns {HTMLElement}
 */
export function renderReply(reply, choose) {
  switch (reply.type) {
    case 'text':
      return el('div', { class: 'bubble bubble-bot' }, el('p', {}, linkifiedText(reply.text)));
    case 'sources':
      return renderSources(reply.citations);
    case 'summary':
      return renderSummary(reply, choose);
    default:
      return el(
        'div',
        { class: 'bubble bubble-bot' },
        el('p', {}, '（この形式のメッセージは表示できません）'),
      );
  }
}

/** @param {Citation[]} citations */
function renderSources(citations) {
  const items = citations.map((citation) => {
    const href = safeHttpUrl(citation.url);
    const title = href
      ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, citation.title)
      : el('span', {}, citation.title);
    return el(
      'li',
      { class: 'citation' },
      el('p', { class: 'citation-title' }, title),
      citation.section ? el('p', { class: 'citation-section' }, citation.section) : null,
      citation.quote ? el('blockquote', { class: 'citation-quote' }, citation.quote) : null,
    );
  });
  return el(
    'section',
    { class: 'card card-sources', 'aria-label': '出典' },
    el('h4', { class: 'card-title' }, '出典'),
    el('ol', { class: 'citations' }, ...items),
  );
}

/** @param {{ title: string, rows: { label: string, value: string }[], actions?: QuickReply[] }} reply @param {Choose} choose */
function renderSummary(reply, choose) {
  const rows = reply.rows.flatMap((row) => [el('dt', {}, row.label), el('dd', {}, linkifiedText(row.value))]);
  const actions = (reply.actions ?? []).map((action) => renderChoice(action, choose, 'card-action'));
  return el(
    'section',
    { class: 'card card-summary', 'aria-label': reply.title },
    el('h4', { class: 'card-title' }, reply.title),
    el('dl', { class: 'summary-rows' }, ...rows),
    actions.length > 0
      ? el('div', { class: 'card-actions', role: 'group', 'aria-label': '操作' }, ...actions)
      : null,
  );
}

/**
 * Quick replies under the latest message: plain buttons, or a picker that opens an input first.
 * @param {QuickReply[]} quickReplies
 * @param {Choose} choose
 */
export function renderQuickReplies(quickReplies, choose) {
  return quickReplies.map((quickReply) => renderChoice(quickReply, choose, 'quick-reply'));
}

/** @param {QuickReply} choice @param {Choose} choose @param {string} className */
function renderChoice(choice, choose, className) {
  if (choice.picker === undefined) {
    const button = el('button', { type: 'button', class: className }, choice.label);
    button.addEventListener('click', () => choose(choice));
    return button;
  }
  return renderPicker(choice, choice.picker, choose, className);
}

const inputTypes = { date: 'date', time: 'time', datetime: 'datetime-local' };

/** @param {QuickReply} choice @param {Picker} picker @param {Choose} choose @param {string} className */
function renderPicker(choice, picker, choose, className) {
  const inputId = `picker-${Math.random().toString(36).slice(2)}`;
  const input = /** @type {HTMLInputElement} */ (
    el('input', {
      id: inputId,
      type: inputTypes[picker.mode] ?? 'datetime-local',
      min: picker.min,
      max: picker.max,
      step: picker.mode === 'date' ? undefined : '600',
      required: true,
    })
  );
  const form = el(
    'form',
    { class: `picker ${className}`, 'aria-label': choice.label },
    el('label', { for: inputId, class: 'picker-label' }, choice.label),
    input,
    el('button', { type: 'submit', class: 'picker-submit' }, '決定'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!input.value) {
      input.focus();
      return;
    }
    choose(choice, input.value);
  });
  return form;
}

/** What the user's own bubble shows for a picked value: 「2026-12-01T14:00」 → 「2026年12月1日 14:00」. */
export function describePickedValue(/** @type {string} */ value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?$/.exec(value);
  if (!match) return value;
  const [, year, month, day, time] = match;
  const date = `${Number(year)}年${Number(month)}月${Number(day)}日`;
  return time ? `${date} ${time}` : date;
}
