// Anomaly alerts of the whole fleet from the alert index: filtered, paged with the index's cursor, acknowledged and
// cleared by operators, each linked to its twin. New and changed alerts come in over the live feed.

import { describe, call, get, query } from './api.js';
import { field, h, replace, select } from './dom.js';
import { time } from './format.js';

const pageSize = 50;
const types = ['traffic_spike', 'protocol_mix', 'brute_force', 'payload_tunnelling', 'timing_anomaly', 'connection_flood',
  'beacon', 'port_scan', 'dns_tunnelling', 'data_exfiltration', 'unclassified'];
const view = { severity: '', type: '', status: 'active', cursors: [null] };

export async function showAlerts(context) {
  const { main, feed, can, watch } = context;
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  const message = h('p', { class: 'form-message', role: 'alert' });

  const severity = select({ id: 'alert-severity', name: 'severity' }, [['', 'any severity'], ['warning', 'warning'], ['critical', 'critical']], view.severity);
  const type = select({ id: 'alert-type', name: 'type' }, [['', 'any behaviour'], ...types.map((t) => [t, t.replaceAll('_', ' ')])], view.type);
  const status = select({ id: 'alert-status', name: 'status' }, [['', 'any status'], ['active', 'active'], ['cleared', 'cleared']], view.status);
  for (const control of [severity, type, status]) {
    control.addEventListener('change', () => {
      Object.assign(view, { severity: severity.value, type: type.value, status: status.value, cursors: [null] });
      load().catch(show);
    });
  }

  function show(error) {
    message.textContent = describe(error);
  }

  async function act(alert, verb) {
    try {
      await call('POST', `/alerts/${encodeURIComponent(alert.id)}/${verb}`);
      message.textContent = `Alert ${alert.id} ${verb === 'ack' ? 'acknowledged' : 'cleared'}.`;
      await load();
    } catch (error) {
      show(error);
    }
  }

  function row(alert) {
    const acknowledged = alert.acknowledged_by ? `by ${alert.acknowledged_by} at ${time(alert.acknowledged_at)}` : 'no';
    return h('tr', { 'data-alert': alert.id },
      h('td', {}, h('span', { class: `badge severity-${alert.severity}` }, alert.severity)),
      h('td', {}, alert.type.replaceAll('_', ' ')),
      h('td', {}, h('a', { href: `#/twins/${encodeURIComponent(alert.twin_id)}` }, alert.twin_id)),
      h('td', {}, alert.status, alert.cleared_by ? ` (by ${alert.cleared_by})` : ''),
      h('td', {}, time(alert.first_seen)),
      h('td', {}, time(alert.last_seen)),
      h('td', {}, alert.peak_score.toFixed(1)),
      h('td', {}, acknowledged),
      h('td', {}, h('span', { class: 'buttons' },
        can('operator') && !alert.acknowledged_by && alert.status === 'active' ? h('button', { type: 'button', class: 'small', 'data-act': 'ack', onclick: () => act(alert, 'ack') }, 'Acknowledge') : null,
        can('operator') && alert.status === 'active' ? h('button', { type: 'button', class: 'small', 'data-act': 'clear', onclick: () => act(alert, 'clear') }, 'Clear') : null)));
  }

  async function load() {
    const page = await get(`/alerts${query({ severity: view.severity, type: view.type, status: view.status, limit: pageSize, cursor: view.cursors.at(-1) })}`);
    replace(body, page.alerts.length ? page.alerts.map(row) : h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No alert matches these filters.')));
    const first = (view.cursors.length - 1) * pageSize;
    replace(pager,
      h('span', {}, page.count === 0 ? '0 alerts' : `${first + 1}–${first + page.alerts.length} of ${page.count}`),
      h('button', { type: 'button', disabled: view.cursors.length === 1, onclick: () => { view.cursors.pop(); load().catch(show); } }, 'Previous page'),
      h('button', { type: 'button', disabled: !page.next_cursor, onclick: () => { view.cursors.push(page.next_cursor); load().catch(show); } }, 'Next page'));
  }

  replace(main, h('h1', {}, 'Anomaly alerts'),
    h('form', { class: 'filters' }, field('Severity', severity), field('Behaviour', type), field('Status', status)),
    message,
    h('div', { class: 'table-wrap' }, h('table', { class: 'alerts' },
      h('thead', {}, h('tr', {}, ['Severity', 'Behaviour', 'Twin', 'Status', 'First seen', 'Last seen', 'Peak score', 'Acknowledged', ''].map((c) => h('th', { scope: 'col' }, c)))),
      body)),
    pager);

  // The alert index is written behind (about 0.2 s), so a page reload follows an alert event by a moment.
  let refresh = 0;
  const reloadSoon = () => {
    clearTimeout(refresh);
    refresh = setTimeout(() => load().catch(show), 500);
  };
  const onEvent = (e) => {
    if (e.detail.type === 'anomaly_alert') {
      reloadSoon();
    }
  };
  feed.addEventListener('event', onEvent);
  feed.addEventListener('resync', reloadSoon);
  watch([{ events: ['anomaly_alert'] }]);
  context.onLeave(() => {
    clearTimeout(refresh);
    feed.removeEventListener('event', onEvent);
    feed.removeEventListener('resync', reloadSoon);
  });
  await load();
}
