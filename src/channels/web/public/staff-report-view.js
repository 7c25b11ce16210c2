// The monthly program figures (相談対応件数, メンタルヘルス対策の個別訪問支援件数 …) per center.
import { callApi, describeApiError } from './api.js';
import { el } from './dom.js';

/**
 * @typedef {{ month: string, columns: { key: string, label: string }[],
 *   rows: { centerName: string, values: Record<string, number> }[], note?: string }} Report
 */

/** @param {{ form: HTMLFormElement, month: HTMLInputElement, output: HTMLElement, staffId: () => string }} view */
export function createReportView(view) {
  const now = new Date();
  view.month.value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  /** Unknown until the first staff state arrives. @type {boolean | undefined} */
  let available;

  async function show() {
    if (available !== true) return;
    view.output.replaceChildren(el('p', {}, '集計しています…'));
    try {
      const report = await callApi(`staff/report?month=${encodeURIComponent(view.month.value)}`, {
        staff: view.staffId(),
      });
      view.output.replaceChildren(renderReport(report));
    } catch (error) {
      view.output.replaceChildren(el('p', {}, describeApiError(error)));
    }
  }

  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });

  return {
    show,
    /** Without the reporting service the section says so instead of failing on every request. */
    setAvailable(/** @type {boolean} */ value) {
      if (available === value) return;
      available = value;
      view.form.hidden = !value;
      if (!value)
        view.output.replaceChildren(
          el('p', { class: 'empty-note' }, '月次の実績は、このサーバーではまだ使えません。'),
        );
      else void show();
    },
  };
}

/** @param {Report} report */
function renderReport(report) {
  if (report.rows.length === 0) return el('p', {}, `${report.month} の記録はまだありません。`);
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'センター'),
    ...report.columns.map((c) => el('th', { scope: 'col' }, c.label)),
  );
  const body = report.rows.map((row) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, row.centerName),
      ...report.columns.map((c) => el('td', {}, String(row.values[c.key] ?? 0))),
    ),
  );
  return el(
    'div',
    { class: 'report-scroll', tabindex: '0', role: 'region', 'aria-label': `${report.month} の実績` },
    el(
      'table',
      { class: 'report' },
      el('caption', {}, `${report.month} の実績`),
      el('thead', {}, head),
      el('tbody', {}, ...body),
    ),
    report.note ? el('p', { class: 'report-note' }, report.note) : null,
  );
}
