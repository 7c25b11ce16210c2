// A list of cards keyed by id and updated in place. Polling replaces only a card's body, and only when
// its data changed, so it never steals focus or clears what staff are typing in a card's form.
import { el } from './dom.js';

/**
 * @template T
 * @param {{
 *   list: HTMLElement,
 *   emptyNote: HTMLElement | null,
 *   emptyText: string,
 *   idOf: (item: T) => string,
 *   label: (item: T) => string,
 *   buildBody: (item: T) => Node[],
 *   buildForms: (item: T) => Node[],
 *   afterUpdate?: (root: HTMLElement, item: T, changed: boolean) => void,
 * }} options
 */
export function createKeyedCards(options) {
  /** @type {Map<string, { root: HTMLElement, body: HTMLElement, signature: string }>} */
  const cards = new Map();

  /**
   * Renders the items in order; returns how many cards are new.
   * @param {T[]} items
   */
  function render(items) {
    const seen = new Set();
    let fresh = 0;
    for (const [index, item] of items.entries()) {
      const id = options.idOf(item);
      seen.add(id);
      let card = cards.get(id);
      if (card === undefined) {
        const body = el('div', { class: 'case-body' });
        const root = el(
          'li',
          { class: 'case', tabindex: '-1', 'data-id': id },
          body,
          ...options.buildForms(item),
        );
        card = { root, body, signature: '' };
        cards.set(id, card);
        fresh += 1;
      }
      card.root.setAttribute('aria-label', options.label(item));
      // Move a card only when it is out of place: moving a node out of the document drops its focus.
      const here = options.list.children[index];
      if (here !== card.root) options.list.insertBefore(card.root, here ?? null);
      const signature = JSON.stringify(item);
      const changed = card.signature !== signature;
      if (changed) {
        replaceKeepingFocus(card, () => options.buildBody(item));
        card.signature = signature;
      }
      options.afterUpdate?.(card.root, item, changed);
    }
    for (const [id, card] of cards) {
      if (seen.has(id)) continue;
      card.root.remove();
      cards.delete(id);
    }
    if (options.emptyNote !== null) {
      options.emptyNote.textContent = options.emptyText;
      options.emptyNote.hidden = items.length > 0;
    }
    return fresh;
  }

  return { render };
}

/** @param {{ root: HTMLElement, body: HTMLElement }} card @param {() => Node[]} build */
function replaceKeepingFocus(card, build) {
  const active = document.activeElement;
  const focusKey =
    active instanceof HTMLElement && card.body.contains(active) ? active.dataset.focusKey : undefined;
  card.body.replaceChildren(...build());
  if (focusKey === undefined) return;
  const again = card.body.querySelector(`[data-focus-key="${focusKey}"]`);
  // The button pressed may be gone (「担当する」 after claiming); keep the focus on its card.
  if (again instanceof HTMLElement) again.focus();
  else card.root.focus();
}
