// The staff side: what center staff do in Slack, on one page. Polls the server every two seconds and
// announces new cases to screen readers.
import { callApi, describeApiError } from './api.js';
import { createBookingCards } from './staff-bookings-view.js';
import { createGapsView } from './staff-gaps-view.js';
import { createHandoffCards } from './staff-handoffs-view.js';
import { createReportView } from './staff-report-view.js';

const pollMs = 2000;

/**
 * @param {{ handoffs: HTMLElement, handoffCount: HTMLElement, bookings: HTMLElement, bookingCount: HTMLElement,
 *   status: HTMLElement, announcer: HTMLElement, staffLabel: HTMLElement, reportForm: HTMLFormElement,
 *   reportMonth: HTMLInputElement, reportOutput: HTMLElement, gapsForm: HTMLFormElement, gapsMonth: HTMLInputElement,
 *   gapsOutput: HTMLElement, staffId: () => string, onAttention: () => void }} view
 */
export function createStaffView(view) {
  let firstLoad = true;
  const emptyNote = (/** @type {HTMLElement} */ list) =>
    list.parentElement?.querySelector('.empty-note') ?? null;

  /** Runs a staff action, says how it went, and refreshes the lists at once. */
  async function act(/** @type {string} */ path, /** @type {Record<string, unknown>} */ body) {
    view.status.textContent = '処理しています…';
    try {
      const result = await callApi(`staff/${path}`, { body, staff: view.staffId() });
      view.status.textContent = typeof result.message === 'string' ? result.message : '完了しました。';
      await refresh();
      // A decision changes the month's figures; keep the table true without another click.
      void report.show();
      return result;
    } catch (error) {
      view.status.textContent = describeApiError(error);
      return undefined;
    }
  }

  const handoffs = createHandoffCards({ list: view.handoffs, emptyNote: emptyNote(view.handoffs), act });
  const bookings = createBookingCards({ list: view.bookings, emptyNote: emptyNote(view.bookings), act });
  const report = createReportView({
    form: view.reportForm,
    month: view.reportMonth,
    output: view.reportOutput,
    staffId: view.staffId,
  });

  const gaps = createGapsView({
    form: view.gapsForm,
    month: view.gapsMonth,
    output: view.gapsOutput,
    staffId: view.staffId,
    act,
  });

  async function refresh() {
    const state = await callApi('staff', { staff: view.staffId() });
    view.staffLabel.textContent = state.staffId;
    const newHandoffs = handoffs.render(state.handoffs);
    const newBookings = bookings.render(state.bookings);
    view.handoffCount.textContent = `${state.handoffs.length}件`;
    const waiting = state.bookings.filter((/** @type {{open: boolean}} */ b) => b.open).length;
    view.bookingCount.textContent = `対応待ち ${waiting}件`;
    report.setAvailable(state.features.report);
    gaps.setAvailable(state.features.gaps === true);
    if (!firstLoad && newHandoffs + newBookings > 0) {
      const parts = [];
      if (newHandoffs > 0) parts.push(`新しい引き継ぎが${newHandoffs}件`);
      if (newBookings > 0) parts.push(`新しい予約申込みが${newBookings}件`);
      view.announcer.textContent = `${parts.join('、')}あります。`;
      view.onAttention();
    }
    firstLoad = false;
  }

  async function loop() {
    try {
      await refresh();
    } catch (error) {
      view.status.textContent = describeApiError(error);
    }
    setTimeout(loop, pollMs);
  }

  return {
    start() {
      void loop();
    },
  };
}
