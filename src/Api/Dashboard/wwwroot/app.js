// The shell: finds out who the operator is, keeps the live feed, and shows one page at a time by the URL's hash
// (#/fleet, #/twins/{id}, #/alerts, #/login), so any view can be bookmarked and the silo serves one HTML file.

import { ApiError, closeSession, describe, get } from './api.js';
import { h, replace } from './dom.js';
import { Feed } from './feed.js';
import { showFleet } from './fleet.js';
import { showTwin } from './twin.js';
import { showAlerts } from './alerts.js';
import { showLogin } from './login.js';

const ranks = { viewer: 1, operator: 2, admin: 3 };
const main = document.getElementById('main');
const notice = document.getElementById('notice');
const feedState = document.getElementById('feed-state');
const who = document.getElementById('who');
const logout = document.getElementById('logout');
const orleans = document.getElementById('orleans-dashboard');
const feed = new Feed();
let identity = null;
let current = null;
let noticeTimer = 0;

const context = {
  main,
  feed,
  /** True when the operator's role reaches `role`: the page hides what the API would refuse. */
  can: (role) => (ranks[identity?.role] ?? 0) >= ranks[role],
  notify(text) {
    notice.textContent = text;
    notice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.hidden = true; }, 10000);
  },
};

/** An error in words in place of the page: the page is never left blank. */
function failure(error) {
  return h('div', { class: 'error', role: 'alert' }, h('h1', {}, 'This page could not be loaded'), h('p', {}, describe(error)));
}

const feedLabels = { off: 'Live feed: off', connecting: 'Live feed: connecting', live: 'Live feed: connected', reconnecting: 'Live feed: lost, reconnecting…' };
feed.addEventListener('state', (e) => {
  feedState.dataset.state = e.detail;
  feedState.textContent = feedLabels[e.detail];
});
feed.addEventListener('resync', (e) => {
  context.notify(e.detail.reason === 'gap'
    ? `The live feed lost ${e.detail.dropped} events; the page reloaded its data.`
    : 'The live feed was interrupted; the page reloaded its data.');
});

async function identify() {
  try {
    identity = await get('/system/identity');
  } catch (error) {
    identity = null;
    if (!(error instanceof ApiError) || error.status !== 401) {
      throw error;
    }
  }
  who.textContent = identity ? `${identity.name} (${identity.role})` : '';
  logout.hidden = !(identity?.authenticated);
  orleans.hidden = !context.can('admin');
  return identity;
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  return { page: page || 'fleet', parameter: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

/**
 * Shows the page of the address. Each render builds its page in its own element with its own context, and only the
 * latest render is shown: a page still loading when the operator (or a login) moves on is dropped, its timers and
 * listeners released, and its feed subscriptions never applied over the newer page's.
 */
async function render() {
  current?.leave();
  const { page, parameter } = route();
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.dataset.page === page || (page === 'twins' && link.dataset.page === 'fleet'));
  }
  if (!identity && page !== 'login') {
    location.hash = '#/login';
    return;
  }
  const view = h('div');
  const cleanups = [];
  const visit = {
    leave() {
      this.left = true;
      cleanups.splice(0).forEach((cleanup) => cleanup());
    },
  };
  current = visit;
  const pageContext = {
    ...context,
    main: view,
    onLeave: (cleanup) => cleanups.push(cleanup),
    watch: (filters) => {
      if (!visit.left) {
        feed.watch(filters);
      }
    },
  };
  feed.watch([]);
  const pages = { fleet: showFleet, twins: showTwin, alerts: showAlerts, login: showLogin };
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    await (pages[page] ?? showFleet)(pageContext, parameter);
  } catch (error) {
    replace(view, failure(error));
  }
  if (visit.left) {
    return;
  }
  replace(main, view);
  view.querySelector('[autofocus]')?.focus();
  document.title = `${view.querySelector('h1')?.textContent ?? 'Dashboard'} · Digital Twin Network`;
  // When the page first showed its data: the browser tests read it as the page's load time.
  performance.mark('dtn:page-ready', { detail: page });
}

context.loggedIn = async () => {
  await identify();

  // Sent here from the Orleans Dashboard (/?next=/dashboard/#/login): back there, now that the session opens it. Only
  // that destination, so a link cannot make the login page send anyone elsewhere.
  const next = new URLSearchParams(location.search).get('next');
  if (next && /^\/dashboard(\/[\w./-]*)?$/.test(next) && !next.includes('..') && context.can('admin')) {
    location.assign(next);
    return;
  }
  feed.stop();
  feed.start();
  const after = sessionStorage.getItem('dtn.after-login');
  location.hash = after && after !== '#/login' ? after : '#/fleet';
  sessionStorage.removeItem('dtn.after-login');
};

logout.addEventListener('click', async () => {
  try {
    await closeSession();
  } catch (error) {
    context.notify(`Logging out failed: ${describe(error)}`);
    return;
  }
  identity = null;
  feed.stop();
  who.textContent = '';
  logout.hidden = true;
  orleans.hidden = true;
  location.hash = '#/login';
});

// A credential that stops working (revoked, expired) sends the operator back to the login form, and then back here.
window.addEventListener('dtn:unauthorized', () => {
  if (identity?.authenticated && route().page !== 'login') {
    identity = null;
    feed.stop();
    sessionStorage.setItem('dtn.after-login', location.hash || '#/fleet');
    context.notify('Your session has ended or its credential is no longer accepted: log in again.');
    location.hash = '#/login';
  }
});

window.addEventListener('hashchange', render);

try {
  await identify();
  if (identity) {
    feed.start();
  } else if (route().page !== 'login') {
    sessionStorage.setItem('dtn.after-login', location.hash || '#/fleet');
  }
  await render();
} catch (error) {
  replace(main, failure(error));
}
