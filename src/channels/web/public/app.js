// Boots the console: the web user's and the staff member's ids, the two panes, and the tabs that
// replace the side-by-side layout on narrow screens.
import { randomId } from './dom.js';
import { createStaffView } from './staff-view.js';
import { createUserChat } from './user-chat.js';

const userKey = 'sanpo-console-user';
const staffKey = 'sanpo-console-staff';

/** @param {string} key */
function storedId(key) {
  let value = localStorage.getItem(key);
  if (value === null || !/^[A-Za-z0-9_-]{16,64}$/.test(value)) {
    value = randomId();
    localStorage.setItem(key, value);
  }
  return value;
}

/** @template {HTMLElement} T @param {string} id @returns {T} */
function byId(id) {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`missing #${id}`);
  return /** @type {T} */ (node);
}

function setUpTabs() {
  const panes = byId('panes');
  const tabs = [byId('tab-user'), byId('tab-staff')];
  const attention = byId('staff-attention');
  const select = (/** @type {HTMLElement} */ tab, /** @type {boolean} */ focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
    }
    panes.dataset.active = tab.id === 'tab-staff' ? 'staff' : 'user';
    if (tab.id === 'tab-staff') attention.hidden = true;
    if (focus) tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      select(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  });
  return {
    /** Marks the staff tab when something new arrived while the user tab is shown (narrow screens). */
    flagStaff() {
      if (panes.dataset.active !== 'staff') attention.hidden = false;
    },
  };
}

function main() {
  let userId = storedId(userKey);
  const staffId = storedId(staffKey);
  const tabs = setUpTabs();

  const chat = createUserChat({
    timeline: byId('timeline'),
    quickReplies: byId('quick-replies'),
    quickReplyBox: byId('quick-reply-box'),
    form: byId('composer'),
    input: byId('message-input'),
    status: byId('user-status'),
    typing: byId('typing'),
    userId: () => userId,
    onIncoming: () => {},
  });
  const staff = createStaffView({
    handoffs: byId('handoff-list'),
    handoffCount: byId('handoff-count'),
    bookings: byId('booking-list'),
    bookingCount: byId('booking-count'),
    status: byId('staff-status'),
    announcer: byId('staff-announcer'),
    staffLabel: byId('staff-label'),
    reportForm: byId('report-form'),
    reportMonth: byId('report-month'),
    reportOutput: byId('report-output'),
    gapsForm: byId('gaps-form'),
    gapsMonth: byId('gaps-month'),
    gapsOutput: byId('gaps-output'),
    staffId: () => staffId,
    onAttention: () => tabs.flagStaff(),
  });

  byId('new-user').addEventListener('click', () => {
    userId = randomId();
    localStorage.setItem(userKey, userId);
    chat.restart();
    byId('message-input').focus();
  });

  chat.start();
  staff.start();
}

main();
