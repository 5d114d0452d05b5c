// The fleet: twins from the directory in a table, filtered and paged with the API's keyset cursor, with counts by
// status and type and the ingest rate. Only the twins on screen are subscribed to on the live feed.

import { ApiError, describe, get, query } from './api.js';
import { field, h, replace, select } from './dom.js';
import { ago, time } from './format.js';

const pageSize = 25;
const liveEvents = ['twin_update', 'presence', 'anomaly_alert'];

// Kept across visits, so coming back from a twin shows the same filters and page.
const view = { type: '', status: '', lifecycle: '', metadata: '', idPrefix: '', sort: 'id', cursors: [null] };
const metadataFilter = /^([A-Za-z0-9_.-]{1,64})=(.*)$/;

function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, status);
}

export async function showFleet(context) {
  const { main, feed, watch } = context;
  const types = await get('/device-types');
  const summary = h('section', { class: 'summary', 'aria-label': 'Fleet counts' });
  const tableBody = h('tbody');
  const pager = h('div', { class: 'pager' });
  const message = h('p', { class: 'form-message', role: 'alert' });
  const rows = new Map();
  let openAlerts = new Map();
  let alertsStale = false;

  const typeFilter = select({ id: 'filter-type', name: 'type' }, [['', 'any type'], ...types.map((t) => [t.type, t.type])], view.type);
  const statusFilter = select({ id: 'filter-status', name: 'status' }, [['', 'any status'], ['online', 'online'], ['observed', 'observed'], ['offline', 'offline']], view.status);
  const lifecycleFilter = select({ id: 'filter-lifecycle', name: 'lifecycle' },
    [['', 'any lifecycle'], ['pending', 'pending'], ['active', 'active'], ['suspended', 'suspended'], ['decommissioned', 'decommissioned']], view.lifecycle);
  const sort = select({ id: 'sort', name: 'sort' },
    [['id', 'id'], ['type', 'type'], ['-last_seen', 'seen most recently'], ['-last_updated', 'changed most recently'], ['-created_at', 'newest']], view.sort);
  const metadata = h('input', { id: 'filter-metadata', name: 'metadata', value: view.metadata, placeholder: 'location=building-1', autocomplete: 'off' });
  const search = h('input', { id: 'search-id', name: 'id', type: 'search', value: view.idPrefix, placeholder: 'e.g. sensor-001 or sensor-', autocomplete: 'off' });

  const filters = h('form', { class: 'filters', role: 'search' },
    field('Type', typeFilter), field('Status', statusFilter), field('Lifecycle', lifecycleFilter),
    field('Metadata', metadata, 'field=value, exact; Enter applies'), field('Sort by', sort),
    field('Twin id', search, 'a whole id opens the twin; the start of ids lists them'), h('button', { type: 'submit' }, 'Find'));
  for (const control of [typeFilter, statusFilter, lifecycleFilter, sort, metadata]) {
    control.addEventListener('change', () => {
      const wanted = metadata.value.trim();
      if (wanted && !metadataFilter.test(wanted)) {
        message.textContent = 'A metadata filter reads field=value, the field being letters, digits, “_”, “.” or “-” (e.g. location=building-1).';
        return;
      }
      Object.assign(view, { type: typeFilter.value, status: statusFilter.value, lifecycle: lifecycleFilter.value, metadata: wanted, sort: sort.value, cursors: [null] });
      loadPage().catch(show);
    });
  }
  // Enter in the metadata box applies it (a change event), rather than submitting the id search.
  metadata.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      metadata.dispatchEvent(new Event('change'));
    }
  });
  filters.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = search.value.trim().toLowerCase();
    if (!id) {
      // An empty search lists every twin again.
      Object.assign(view, { idPrefix: '', cursors: [null] });
      message.textContent = '';
      loadPage().catch(show);
      return;
    }
    try {
      await get(`/twins/${encodeURIComponent(id)}`);
      location.hash = `#/twins/${encodeURIComponent(id)}`;
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 400)) {
        message.textContent = describe(error);
        return;
      }
      // Not a twin of its own: the twins whose id starts with it (the API says so when it cannot start an id).
      Object.assign(view, { idPrefix: id, cursors: [null] });
      try {
        await loadPage();
        message.textContent = `No twin has the id “${id}”: the table lists the twins whose id starts with it.`;
      } catch (listing) {
        Object.assign(view, { idPrefix: '', cursors: [null] });
        show(listing);
      }
    }
  });

  const table = h('table', { class: 'twins' },
    h('caption', { class: 'visually-hidden' }, 'Twins'),
    h('thead', {}, h('tr', {}, ['Twin', 'Type', 'Status', 'Last seen', 'Lifecycle', 'Open alerts', 'Last change'].map((c) => h('th', { scope: 'col' }, c)))),
    tableBody);
  replace(main, h('h1', {}, 'Fleet'), summary, filters, message, h('div', { class: 'table-wrap' }, table), pager);

  function show(error) {
    message.textContent = describe(error);
  }

  function renderRow(twin) {
    const row = rows.get(twin.id);
    const cells = [
      h('td', {}, h('a', { href: `#/twins/${encodeURIComponent(twin.id)}` }, twin.id)),
      h('td', {}, twin.type),
      h('td', { class: 'status' }, statusBadge(twin.status)),
      h('td', { class: 'last-seen', title: time(twin.last_seen) }, ago(twin.last_seen)),
      h('td', { class: 'lifecycle' }, twin.lifecycle),
      h('td', { class: 'alerts' }, String(openAlerts.get(twin.id) ?? 0)),
      h('td', { class: 'updated' }, time(twin.last_updated)),
    ];
    replace(row.element, cells);
  }

  async function loadAlertCounts() {
    // One page of active alerts counts them per twin; past 1000 active alerts the table says so rather than guess.
    const active = await get(`/alerts${query({ status: 'active', limit: 1000 })}`);
    openAlerts = new Map();
    for (const alert of active.alerts) {
      openAlerts.set(alert.twin_id, (openAlerts.get(alert.twin_id) ?? 0) + 1);
    }
    alertsStale = active.next_cursor !== null;
  }

  async function loadPage() {
    const started = performance.now();
    const cursor = view.cursors.at(-1);
    const [, field, wanted] = metadataFilter.exec(view.metadata) ?? [];
    const filters = { id_prefix: view.idPrefix, type: view.type, status: view.status, lifecycle: view.lifecycle, sort: view.sort === 'id' ? '' : view.sort, limit: pageSize, cursor };
    if (field) {
      filters[`metadata.${field}`] = wanted;
    }
    const [listing] = await Promise.all([
      get(`/twins${query(filters)}`),
      loadAlertCounts(),
    ]);
    message.textContent = alertsStale ? 'More than 1000 alerts are active: open alert counts show the newest 1000.' : '';
    rows.clear();
    replace(tableBody, listing.twins.map((twin) => {
      const element = h('tr', { 'data-twin': twin.id });
      rows.set(twin.id, { twin, element });
      renderRow(twin);
      return element;
    }));
    if (listing.twins.length === 0) {
      tableBody.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No twin matches these filters.')));
    }
    const first = (view.cursors.length - 1) * pageSize;
    replace(pager,
      h('span', { class: 'page-position' }, listing.count === 0 ? '0 twins' : `${first + 1}–${first + listing.twins.length} of ${listing.count}`),
      h('button', { type: 'button', disabled: view.cursors.length === 1, onclick: () => { view.cursors.pop(); loadPage().catch(show); } }, 'Previous page'),
      h('button', { type: 'button', disabled: !listing.next_cursor, onclick: () => { view.cursors.push(listing.next_cursor); loadPage().catch(show); } }, 'Next page'));
    watch([...rows.keys()].map((id) => ({ twin_id: id, events: liveEvents })));
    // From asking to showing one page of the table: what docs/dashboard.md reports as the fleet page's latency.
    performance.measure('dtn:fleet-page', { start: started, detail: { page: view.cursors.length } });
  }

  async function loadSummary() {
    const statuses = ['online', 'observed', 'offline'];
    const [metrics, ...counts] = await Promise.all([
      get('/system/metrics'),
      ...statuses.map((status) => get(`/twins${query({ status, limit: 1 })}`)),
      ...types.map((t) => get(`/twins${query({ type: t.type, limit: 1 })}`)),
    ]);
    const byStatus = counts.slice(0, statuses.length);
    const byType = counts.slice(statuses.length);
    replace(summary,
      h('dl', { class: 'counts' },
        h('div', {}, h('dt', {}, 'Twins'), h('dd', { id: 'count-total' }, String(metrics.twins.registered))),
        statuses.map((status, i) => h('div', {}, h('dt', {}, status), h('dd', { id: `count-${status}` }, String(byStatus[i].count)))),
        h('div', {}, h('dt', {}, 'Ingest'), h('dd', { id: 'ingest-rate' }, `${metrics.rates.last10s.accepted.toFixed(1)} msg/s`))),
      h('dl', { class: 'counts by-type' },
        types.map((t, i) => byType[i].count > 0 ? h('div', {}, h('dt', {}, t.type), h('dd', {}, String(byType[i].count))) : null)));
  }

  let alertRefresh = 0;
  const onEvent = (e) => {
    const event = e.detail;
    const row = rows.get(event.twin_id);
    if (!row) {
      return;
    }
    if (event.type === 'twin_update') {
      Object.assign(row.twin, { lifecycle: event.lifecycle, status: event.status, last_updated: event.timestamp });
      if (event.source === 'device') {
        row.twin.last_seen = event.timestamp;
      }
    } else if (event.type === 'presence') {
      row.twin.status = event.status;
      row.twin.last_seen = event.timestamp;
    } else if (event.type === 'anomaly_alert') {
      clearTimeout(alertRefresh);
      alertRefresh = setTimeout(() => loadAlertCounts().then(() => rows.forEach((r) => renderRow(r.twin))).catch(show), 300);
    }
    renderRow(row.twin);
    row.element.classList.remove('changed');
    void row.element.offsetWidth;
    row.element.classList.add('changed');
  };
  const onResync = () => Promise.all([loadPage(), loadSummary()]).catch(show);
  feed.addEventListener('event', onEvent);
  feed.addEventListener('resync', onResync);

  // Ages tick every second; the fleet counts and ingest rate are read every 5 s (counters of the whole fleet,
  // which no per-twin subscription could keep).
  const tick = setInterval(() => rows.forEach((r) => {
    r.element.querySelector('.last-seen').textContent = ago(r.twin.last_seen);
  }), 1000);
  const counts = setInterval(() => loadSummary().catch(show), 5000);
  context.onLeave(() => {
    clearInterval(tick);
    clearInterval(counts);
    clearTimeout(alertRefresh);
    feed.removeEventListener('event', onEvent);
    feed.removeEventListener('resync', onResync);
  });

  await Promise.all([loadPage(), loadSummary()]);
}
