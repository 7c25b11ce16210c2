// Booking requests on the staff side: accept, propose other dates, decline. The user hears the outcome.
import { el } from './dom.js';
import { createKeyedCards } from './keyed-cards.js';

/**
 * @typedef {{ id: string, reference: string, kind: 'consultation' | 'visit', kindLabel: string,
 *   status: string, statusLabel: string, open: boolean, centerName: string,
 *   rows: { label: string, value: string }[], createdAt: string }} Booking
 * @typedef {(path: string, body: Record<string, unknown>) => Promise<{ outcome?: string } | undefined>} Act
 */

/** @param {{ list: HTMLElement, emptyNote: HTMLElement | null, act: Act }} view */
export function createBookingCards(view) {
  /** @param {Booking} booking */
  function buildBody(booking) {
    return [
      el(
        'div',
        { class: 'case-header' },
        el('span', { class: 'badge' }, booking.kindLabel),
        el('span', { class: booking.open ? 'badge badge-waiting' : 'badge' }, booking.statusLabel),
        el('span', { class: 'case-meta' }, `${booking.reference}・${booking.centerName}`),
      ),
      el(
        'dl',
        { class: 'summary-rows' },
        ...booking.rows.flatMap((row) => [el('dt', {}, row.label), el('dd', {}, row.value)]),
      ),
    ];
  }

  /** Built once per card, so dates typed into the forms survive polling. */
  function buildForms(/** @type {Booking} */ booking) {
    const id = booking.id;
    const field = (/** @type {string} */ name, /** @type {Record<string, string | boolean>} */ attributes) =>
      /** @type {HTMLInputElement} */ (el('input', { id: `${name}-${id}`, name, ...attributes }));
    const note = (/** @type {string} */ name) =>
      /** @type {HTMLTextAreaElement} */ (
        el('textarea', { id: `${name}-${id}`, name, rows: '2', maxlength: '500' })
      );
    const form = (
      /** @type {string} */ action,
      /** @type {() => Record<string, unknown>} */ read,
      ...children
    ) => {
      const node = el('form', { class: 'booking-form' }, ...children);
      node.addEventListener('submit', async (event) => {
        event.preventDefault();
        await view.act(`bookings/${action}`, { bookingId: id, ...read() });
      });
      return node;
    };
    const optional = (/** @type {string} */ value) => (value.trim() === '' ? undefined : value.trim());

    const acceptAt = field('accept-at', { type: 'datetime-local', step: '600' });
    const accept = form(
      'accept',
      () => ({ scheduledAt: optional(acceptAt.value) }),
      el('label', { for: acceptAt.id }, '確定する日時（任意・日本時間）'),
      acceptAt,
      el('button', { type: 'submit', class: 'primary', 'data-action': 'accept' }, '承諾する'),
    );

    const dates = [1, 2, 3].map((n) =>
      field(`propose-${n}`, { type: 'datetime-local', step: '600', required: n === 1 }),
    );
    const proposeNote = note('propose-note');
    const propose = form(
      'propose',
      () => ({ dates: dates.map((d) => d.value).filter((v) => v !== ''), note: optional(proposeNote.value) }),
      el(
        'fieldset',
        {},
        el('legend', {}, '別の日時を提案（日本時間）'),
        ...dates.flatMap((input, i) => [
          el('label', { for: input.id }, `候補${i + 1}${i === 0 ? '' : '（任意）'}`),
          input,
        ]),
        el('label', { for: proposeNote.id }, '利用者へのひとこと（任意）'),
        proposeNote,
      ),
      el('button', { type: 'submit', class: 'secondary', 'data-action': 'propose' }, '提案を送る'),
    );

    const declineNote = note('decline-note');
    const decline = form(
      'decline',
      () => ({ note: optional(declineNote.value) }),
      el('label', { for: declineNote.id }, 'お断りの理由（利用者に伝わります・任意）'),
      declineNote,
      el('button', { type: 'submit', class: 'danger', 'data-action': 'decline' }, 'お断りする'),
    );
    return [
      el(
        'details',
        { class: 'booking-actions' },
        el('summary', {}, '対応する（承諾・別の日時の提案・お断り）'),
        accept,
        propose,
        decline,
      ),
    ];
  }

  return createKeyedCards({
    list: view.list,
    emptyNote: view.emptyNote,
    emptyText: '予約申込みはまだありません。',
    idOf: (/** @type {Booking} */ b) => b.id,
    label: (b) => `${b.kindLabel}の申込み ${b.reference}（${b.statusLabel}）`,
    buildBody,
    buildForms,
    afterUpdate(root, b) {
      const actions = root.querySelector('.booking-actions');
      if (actions instanceof HTMLElement) actions.hidden = !b.open;
    },
  });
}
