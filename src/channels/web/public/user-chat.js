// The user side: a LINE-like chat for one web user (a browser session id kept in localStorage).
import { callApi, describeApiError } from './api.js';
import { el, formatShortTime, randomId } from './dom.js';
import { describePickedValue, renderQuickReplies, renderReply } from './replies.js';

const pollMs = 1500;

/**
 * @typedef {import('./replies.js').OutboundReply} OutboundReply
 * @typedef {import('./replies.js').QuickReply} QuickReply
 * @typedef {{ id: number, kind: 'user', text: string, at: string }
 *   | { id: number, kind: 'reply' | 'push', replies: OutboundReply[], at: string }} Entry
 */

/**
 * @param {{
 *   timeline: HTMLElement, quickReplies: HTMLElement, quickReplyBox: HTMLElement, form: HTMLFormElement, input: HTMLTextAreaElement,
 *   status: HTMLElement, typing: HTMLElement, userId: () => string, onIncoming: () => void
 * }} view
 */
export function createUserChat(view) {
  /** @type {Map<number, HTMLElement>} */
  let rendered = new Map();
  let latestId = 0;
  let sending = false;
  /** A failed send keeps its id, so sending the same thing again is handled once by the server. */
  /** @type {{ key: string, id: string } | undefined} */
  let failed;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let generation = 0;
  /** The follow event goes once per web user; the engine may have nothing to say to it. */
  let followSent = false;

  /** @param {Entry[]} entries */
  function merge(entries) {
    const nearBottom = view.timeline.scrollHeight - view.timeline.scrollTop - view.timeline.clientHeight < 80;
    let added = false;
    let incoming = false;
    for (const entry of entries) {
      if (rendered.has(entry.id)) continue;
      const node = renderEntry(entry);
      rendered.set(entry.id, node);
      view.timeline.append(node);
      added = true;
      if (entry.kind !== 'user') incoming = true;
      latestId = Math.max(latestId, entry.id);
    }
    if (!added) return;
    const latest = entries.reduce((a, b) => (b.id > a.id ? b : a), entries[0]);
    showQuickReplies(latest);
    if (nearBottom || sending) view.timeline.scrollTop = view.timeline.scrollHeight;
    if (incoming) view.onIncoming();
  }

  /** @param {Entry} entry */
  function renderEntry(entry) {
    if (entry.kind === 'user') {
      return el(
        'div',
        { class: 'entry entry-user', 'data-id': String(entry.id) },
        el('span', { class: 'visually-hidden' }, 'あなた：'),
        el('div', { class: 'bubble bubble-user' }, el('p', {}, entry.text)),
        el('time', { class: 'entry-time', datetime: entry.at }, formatShortTime(entry.at)),
      );
    }
    return el(
      'div',
      { class: `entry entry-bot entry-${entry.kind}`, 'data-id': String(entry.id) },
      el('span', { class: 'visually-hidden' }, 'さんぽアシスタント：'),
      ...entry.replies.map((reply) => renderReply(reply, choose)),
      el('time', { class: 'entry-time', datetime: entry.at }, formatShortTime(entry.at)),
    );
  }

  /** LINE shows quick replies only under the newest message; so does the console. */
  function showQuickReplies(/** @type {Entry | undefined} */ latest) {
    view.quickReplies.replaceChildren();
    if (latest === undefined || latest.kind === 'user') return;
    const last = latest.replies.findLast((reply) => reply.type === 'text');
    const choices = last?.type === 'text' ? (last.quickReplies ?? []) : [];
    view.quickReplies.append(...renderQuickReplies(choices, choose));
    view.quickReplyBox.hidden = choices.length === 0;
  }

  /** @param {QuickReply} choice @param {string} [picked] */
  function choose(choice, picked) {
    if (choice.picker !== undefined) {
      if (picked === undefined) return;
      const key = choice.picker.mode;
      void send({
        kind: 'postback',
        data: choice.postback ?? choice.label,
        params: { [key]: picked },
        displayText: describePickedValue(picked),
      });
    } else if (choice.postback !== undefined) {
      void send({ kind: 'postback', data: choice.postback, displayText: choice.text ?? choice.label });
    } else {
      void send({ kind: 'text', text: choice.text ?? choice.label });
    }
    // The buttons are gone once pressed; keep the keyboard user in the composer.
    view.input.focus();
  }

  /** Messages go one at a time and in order, as on LINE: a tap during a send waits instead of being lost. */
  let queue = Promise.resolve(true);

  /** @param {Record<string, unknown>} message @returns {Promise<boolean>} */
  function send(message) {
    // The user is fixed when the message is made: 「新しい利用者」 must not adopt a queued message.
    const user = view.userId();
    const next = queue.then(() => deliver(message, user));
    queue = next;
    return next;
  }

  /** @param {Record<string, unknown>} message @param {string} user */
  async function deliver(message, user) {
    const key = JSON.stringify(message);
    const id = failed?.key === key ? failed.id : randomId();
    const mine = generation;
    sending = true;
    view.typing.hidden = false;
    view.quickReplyBox.hidden = true;
    setStatus('');
    try {
      const result = await callApi('messages', { body: { ...message, id }, user });
      failed = undefined;
      if (mine === generation && user === view.userId()) merge(result.entries);
      return true;
    } catch (error) {
      failed = { key, id };
      view.quickReplyBox.hidden = view.quickReplies.childElementCount === 0;
      setStatus(`送信できませんでした。${describeApiError(error)}`);
      return false;
    } finally {
      sending = false;
      view.typing.hidden = true;
    }
  }

  function setStatus(/** @type {string} */ text) {
    view.status.textContent = text;
  }

  async function poll() {
    const mine = generation;
    try {
      const result = await callApi('timeline', { user: view.userId() });
      if (mine !== generation) return;
      merge(result.entries);
      if (result.entries.length === 0 && latestId === 0 && !sending && !followSent) {
        // A new user: like LINE's follow event, so the assistant can greet first.
        followSent = true;
        await send({ kind: 'follow', id: `follow-${view.userId()}` });
      }
    } catch (error) {
      if (mine === generation) setStatus(describeApiError(error));
    }
  }

  async function loop() {
    const mine = generation;
    await poll();
    if (mine === generation) timer = setTimeout(loop, pollMs);
  }

  view.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = view.input.value.trim();
    if (text === '') return;
    view.input.value = '';
    const ok = await send({ kind: 'text', text });
    if (!ok && view.input.value === '') view.input.value = text;
    view.input.focus();
  });
  view.input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter is a new line; Enter while an IME is composing Japanese only confirms it.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    view.form.requestSubmit();
  });

  return {
    start() {
      void loop();
    },
    /** Forgets what is on screen (a new web user) and starts over. */
    restart() {
      generation += 1;
      clearTimeout(timer);
      rendered = new Map();
      latestId = 0;
      failed = undefined;
      followSent = false;
      view.timeline.replaceChildren();
      view.quickReplies.replaceChildren();
      view.quickReplyBox.hidden = true;
      setStatus('');
      void loop();
    },
  };
}
