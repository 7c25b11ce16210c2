// Small DOM helpers. Every piece of text goes in through textContent or attributes, never innerHTML,
// so nothing a user or a document wrote can become markup.

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes] `class`, `aria-*`, `data-*`, …; false/undefined are skipped
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Only absolute http(s) links are ever turned into anchors. */
export function safeHttpUrl(/** @type {string | undefined} */ value) {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Text with its line breaks kept and bare http(s) URLs made into links (hotline pages, center sites).
 * @param {string} text
 * @returns {DocumentFragment}
 */
export function linkifiedText(text) {
  const fragment = document.createDocumentFragment();
  const pattern = /https?:\/\/[^\s<>"'）」、。]+/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const href = safeHttpUrl(match[0]);
    if (href === undefined || match.index === undefined) continue;
    fragment.append(text.slice(last, match.index));
    fragment.append(el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, match[0]));
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

/** A random id for sessions and messages; works outside secure contexts too (a LAN address). */
export function randomId(bytes = 16) {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 2026-11-24T09:00:00Z → 「11/24 18:00」 in the viewer's time zone. */
export function formatShortTime(/** @type {string} */ iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat('ja-JP', {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
