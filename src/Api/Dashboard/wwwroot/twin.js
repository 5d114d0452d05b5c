// One twin: identity and metadata, reported and desired state with the delta, desired-state editing guarded by the
// twin's version (If-Match), telemetry charts from the history API, commands from the device type's schema with
// their live status, and lifecycle actions behind a confirmation.

import { ApiError, call, describe, get, query } from './api.js';
import { field, h, replace, select } from './dom.js';
import { ago, parseValue, time, value } from './format.js';
import { lineChart } from './chart.js';
import { commandSection } from './commands.js';

const ranges = { '15m': [15 * 60e3, '15s'], '1h': [3600e3, '1m'], '24h': [86400e3, '24m'] };
const fieldName = /^[A-Za-z0-9_.-]{1,64}$/;

export async function showTwin(context, id) {
  const { main, feed, can, watch } = context;
  const path = `/twins/${encodeURIComponent(id)}`;
  const [twin, desired] = await Promise.all([get(path), get(`${path}/desired`)]);
  const state = { twin, desired, baseVersion: desired.version, changedElsewhere: false };

  const heading = h('h1', {}, id);
  const badges = h('p', { class: 'badges' });
  const identity = h('dl', { class: 'identity' });
  const stateBody = h('tbody');
  const editorMessage = h('p', { class: 'form-message', role: 'alert', id: 'desired-message' });
  const charts = h('div', { class: 'charts' });
  const alerts = h('ul', { class: 'twin-alerts' });
  const lifecycleMessage = h('p', { class: 'form-message', role: 'alert' });

  function renderIdentity() {
    const t = state.twin;
    replace(badges, h('span', { class: `badge status-${t.status}`, id: 'twin-status' }, t.status), ' ',
      h('span', { class: 'badge', id: 'twin-lifecycle' }, t.lifecycle), ' ',
      h('span', { class: 'muted', id: 'twin-last-seen', title: time(t.last_seen) }, `last seen ${ago(t.last_seen)}`));
    const rows = [['Type', t.type], ['Version', String(t.version)], ['Created', time(t.created_at)], ['Last change', time(t.last_updated)],
      ...Object.entries(t.metadata ?? {}).map(([k, v]) => [`metadata.${k}`, value(v)])];
    replace(identity, rows.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))));
    renderLifecycle();
  }

  function renderState() {
    const d = state.desired;
    const names = [...new Set([...Object.keys(d.reported ?? {}), ...Object.keys(d.desired ?? {})])].sort();
    replace(stateBody, names.map((name) => {
      const inDelta = Object.hasOwn(d.delta ?? {}, name);
      return h('tr', { 'data-field': name, class: inDelta ? 'delta' : null },
        h('th', { scope: 'row' }, name),
        h('td', { class: 'reported', title: value(d.reported?.[name]) }, value(d.reported?.[name])),
        h('td', { class: 'muted' }, time(d.metadata?.reported?.[name]?.updated_at)),
        h('td', { class: 'desired', title: value(d.desired?.[name]) }, value(d.desired?.[name])),
        h('td', { class: 'muted' }, time(d.metadata?.desired?.[name]?.updated_at)),
        h('td', { class: 'in-delta' }, inDelta ? 'pending' : ''),
        can('operator') && Object.hasOwn(d.desired ?? {}, name)
          ? h('td', {}, h('button', { type: 'button', class: 'small', onclick: () => patchDesired({ [name]: null }) }, `Remove desired ${name}`))
          : h('td'));
    }));
    if (names.length === 0) {
      stateBody.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'Nothing reported or desired yet.')));
    }
  }

  async function reloadState() {
    const [t, d] = await Promise.all([get(path), get(`${path}/desired`)]);
    Object.assign(state, { twin: t, desired: d, baseVersion: d.version, changedElsewhere: false });
    renderIdentity();
    renderState();
  }

  async function patchDesired(patch) {
    editorMessage.textContent = 'Sending…';
    try {
      const { data } = await call('PATCH', `${path}/desired`, { body: patch, ifMatch: state.baseVersion, contentType: 'application/merge-patch+json' });
      Object.assign(state, { desired: data, baseVersion: data.version, changedElsewhere: false });
      renderState();
      editorMessage.textContent = `Applied: the twin is at version ${data.version}; the device is sent its desired state.`;
      return true;
    } catch (error) {
      editorMessage.textContent = describe(error);
      if (error instanceof ApiError && error.status === 412) {
        await reloadState().catch(() => {});
      }
      return false;
    }
  }

  // Desired-state editor: a merge patch of one field, sent with the version the page showed (If-Match).
  const editName = h('input', { id: 'desired-name', name: 'field', autocomplete: 'off', list: 'known-fields' });
  const editValue = h('input', { id: 'desired-value', name: 'value', autocomplete: 'off' });
  const known = h('datalist', { id: 'known-fields' }, Object.keys({ ...desired.reported, ...desired.desired }).map((k) => h('option', { value: k })));
  const editor = h('form', { class: 'inline-form', id: 'desired-form', novalidate: true },
    field('Field', editName), field('Desired value', editValue, 'true/false and numbers are sent as such; anything else as text'),
    h('button', { type: 'submit' }, 'Set desired'), known);
  editor.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = editName.value.trim();
    if (!fieldName.test(name)) {
      editorMessage.textContent = 'A field name is 1–64 letters, digits, “_”, “.” or “-”.';
      editName.focus();
      return;
    }
    if (editValue.value.trim() === '') {
      editorMessage.textContent = 'Give the desired value (to remove a desired field, use its Remove button).';
      editValue.focus();
      return;
    }
    await patchDesired({ [name]: parseValue(editValue.value) });
  });

  // Telemetry charts from the history API, aggregated into about 60 buckets over the chosen range.
  const range = select({ id: 'telemetry-range', name: 'range' }, [['15m', 'last 15 minutes'], ['1h', 'last hour'], ['24h', 'last 24 hours']], '1h');
  const aggregation = select({ id: 'telemetry-agg', name: 'agg' }, [['avg', 'average'], ['min', 'minimum'], ['max', 'maximum']], 'avg');
  async function loadCharts() {
    const [span, interval] = ranges[range.value];
    const to = Date.now();
    const from = to - span;
    const data = await get(`${path}/telemetry${query({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval, agg: aggregation.value })}`);
    const series = new Map();
    for (const bucket of data.buckets) {
      for (const [key, v] of Object.entries(bucket.values)) {
        if (typeof v === 'number') {
          if (!series.has(key)) {
            series.set(key, []);
          }
          series.get(key).push({ t: Date.parse(bucket.start), v });
        }
      }
    }
    replace(charts, series.size === 0
      ? h('p', { class: 'muted' }, 'No numeric telemetry in this range.')
      : [...series].sort(([a], [b]) => a.localeCompare(b)).map(([key, points]) =>
        h('figure', { class: 'chart-box', 'data-series': key }, h('figcaption', {}, `${key} (${aggregation.value})`), lineChart(key, points, from, to))));
  }
  range.addEventListener('change', () => loadCharts().catch((e) => replace(charts, h('p', { role: 'alert' }, describe(e)))));
  aggregation.addEventListener('change', () => loadCharts().catch((e) => replace(charts, h('p', { role: 'alert' }, describe(e)))));

  // Network behaviour: the twin's recent windows of one feature against the baseline its windows are scored by.
  const networkFeature = select({ id: 'network-feature', name: 'feature' }, [], '');
  const networkChart = h('div', { class: 'charts', id: 'network-chart' });
  async function loadNetwork() {
    const [network, baseline] = await Promise.all([get(`${path}/network`), get(`${path}/baseline`)]);
    const windows = [...network.windows].sort((a, b) => Date.parse(a.window_start) - Date.parse(b.window_start));
    const features = [...new Set(windows.flatMap((w) => Object.keys(w.features)))].sort();
    if (features.length === 0) {
      networkFeature.hidden = true;
      replace(networkChart, h('p', { class: 'muted' }, 'The device has published no network windows yet.'));
      return;
    }
    const chosen = features.includes(networkFeature.value) ? networkFeature.value : (features.includes('packets_out') ? 'packets_out' : features[0]);
    replace(networkFeature, features.map((f) => h('option', { value: f, selected: f === chosen }, f)));
    networkFeature.hidden = false;
    const against = baseline.scored_against === 'peer' ? baseline.peer : baseline.own;
    const learnt = baseline.scored_against === 'none' ? null : against?.features?.[chosen];
    const band = learnt && learnt.low !== null && learnt.high !== null ? { low: learnt.low, high: learnt.high } : null;
    const points = windows.filter((w) => typeof w.features[chosen] === 'number').map((w) => ({ t: Date.parse(w.window_start), v: w.features[chosen] }));
    const caption = band
      ? `${chosen} per window; shaded: the ${baseline.scored_against} baseline's usual range (16th–84th percentile)`
      : `${chosen} per window; no baseline learnt yet (${baseline.scored_against === 'none' ? 'windows are not scored yet' : 'nothing learnt for this feature'})`;
    replace(networkChart, h('figure', { class: 'chart-box', 'data-series': chosen },
      h('figcaption', {}, caption), lineChart(chosen, points, points[0].t, Math.max(points.at(-1).t, points[0].t + 1000), band)));
  }
  networkFeature.addEventListener('change', () => loadNetwork().catch((e) => replace(networkChart, h('p', { role: 'alert' }, describe(e)))));

  async function loadAlerts() {
    const list = await get(`${path}/alerts${query({ status: 'active', limit: 20 })}`);
    replace(alerts, list.alerts.length === 0
      ? h('li', { class: 'muted' }, 'No active anomaly alert.')
      : list.alerts.map((a) => h('li', {}, h('span', { class: `badge severity-${a.severity}` }, a.severity), ` ${a.type}, since ${time(a.first_seen)} `, h('a', { href: '#/alerts' }, 'see alerts'))));
  }

  // Lifecycle actions change what the twin accepts, so each asks first, in a modal dialog.
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-text' });
  function confirmAction(text) {
    return new Promise((resolve) => {
      const yes = h('button', { type: 'button', onclick: () => { dialog.close(); resolve(true); } }, 'Yes, do it');
      const no = h('button', { type: 'button', onclick: () => { dialog.close(); resolve(false); } }, 'Cancel');
      replace(dialog, h('p', { id: 'confirm-text' }, text), h('div', { class: 'buttons' }, yes, no));
      dialog.addEventListener('cancel', () => resolve(false), { once: true });
      dialog.showModal();
      no.focus();
    });
  }
  const lifecycleTexts = {
    activate: 'Activate this twin? It will take its device\u2019s messages and commands again.',
    suspend: 'Suspend this twin? It ignores its device\u2019s messages and takes no commands until activated.',
    decommission: 'Decommission this twin? This is final: it will take no more changes and its unfinished commands are cancelled.',
  };
  // The transitions each lifecycle state allows; a button for any other would only earn a 409.
  const transitions = { pending: ['activate', 'decommission'], active: ['suspend', 'decommission'], suspended: ['activate', 'decommission'], decommissioned: [] };
  const lifecycle = h('div', { class: 'buttons', role: 'group', 'aria-label': 'Lifecycle' });
  function renderLifecycle() {
    replace(lifecycle, can('admin') ? (transitions[state.twin.lifecycle] ?? []).map((action) =>
      h('button', { type: 'button', 'data-action': action, onclick: async () => {
        if (!(await confirmAction(lifecycleTexts[action]))) {
          return;
        }
        try {
          await call('POST', `${path}/${action}`);
          lifecycleMessage.textContent = `${action[0].toUpperCase()}${action.slice(1)}: done.`;
          await reloadState();
        } catch (error) {
          lifecycleMessage.textContent = describe(error);
        }
      } }, action[0].toUpperCase() + action.slice(1))) : []);
  }

  const commands = commandSection(context, id, state.twin.type);
  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/fleet' }, 'Fleet'), ' › ', id),
    heading, badges,
    h('section', { 'aria-labelledby': 'h-identity' }, h('h2', { id: 'h-identity' }, 'Identity'), identity, lifecycle, lifecycleMessage, dialog),
    h('section', { 'aria-labelledby': 'h-state' }, h('h2', { id: 'h-state' }, 'State'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'state' },
        h('thead', {}, h('tr', {}, ['Field', 'Reported', 'Reported at (device time)', 'Desired', 'Desired at', 'Delta', ''].map((c) => h('th', { scope: 'col' }, c)))),
        stateBody)),
      can('operator') ? editor : null, editorMessage),
    h('section', { 'aria-labelledby': 'h-telemetry' }, h('h2', { id: 'h-telemetry' }, 'Telemetry'),
      h('div', { class: 'inline-form' }, field('Range', range), field('Aggregation', aggregation)), charts),
    h('section', { 'aria-labelledby': 'h-network' }, h('h2', { id: 'h-network' }, 'Network behaviour'),
      h('div', { class: 'inline-form' }, field('Feature', networkFeature)), networkChart),
    commands.element,
    h('section', { 'aria-labelledby': 'h-alerts' }, h('h2', { id: 'h-alerts' }, 'Anomaly alerts'), alerts));
  renderIdentity();
  renderState();

  let chartRefresh = 0;
  const onEvent = (e) => {
    const event = e.detail;
    if (event.twin_id !== id) {
      return;
    }
    if (event.type === 'twin_update') {
      // The edit base follows only the device's own reports, which never touch desired state; any other change
      // (someone's desired write, a lifecycle action) leaves it behind, so the next edit meets 412 instead of
      // overwriting a change this page never showed.
      if (!state.changedElsewhere && event.source === 'device' && event.version === state.baseVersion + 1) {
        state.baseVersion = event.version;
      } else if (event.version > state.baseVersion) {
        state.changedElsewhere = true;
      }
      Object.assign(state.twin, { status: event.status, lifecycle: event.lifecycle, version: event.version, last_updated: event.timestamp });
      if (event.source === 'device') {
        state.twin.last_seen = event.timestamp;
        for (const [name, v] of Object.entries(event.state ?? {})) {
          state.desired.reported[name] = v;
          state.desired.metadata.reported[name] = { updated_at: event.timestamp };
          if (Object.hasOwn(state.desired.delta, name) && state.desired.desired[name] === v) {
            delete state.desired.delta[name];
          }
        }
        clearTimeout(chartRefresh);
        chartRefresh = setTimeout(() => loadCharts().catch(() => {}), 1000);
      }
      renderIdentity();
      renderState();
    } else if (event.type === 'presence') {
      state.twin.status = event.status;
      state.twin.last_seen = event.timestamp;
      renderIdentity();
    } else if (event.type === 'command_status') {
      commands.update(event);
    } else if (event.type === 'anomaly_alert') {
      loadAlerts().catch(() => {});
    }
  };
  const onResync = () => Promise.all([reloadState(), loadCharts(), loadNetwork(), commands.reload(), loadAlerts()])
    .catch((error) => context.notify(describe(error)));
  feed.addEventListener('event', onEvent);
  feed.addEventListener('resync', onResync);
  watch([{ twin_id: id }]);
  const tick = setInterval(() => {
    const seen = main.querySelector('#twin-last-seen');
    if (seen) {
      seen.textContent = `last seen ${ago(state.twin.last_seen)}`;
    }
  }, 1000);
  // Windows come every 10 s and raise no feed event of their own.
  const networkRefresh = setInterval(() => loadNetwork().catch(() => {}), 10000);
  context.onLeave(() => {
    clearInterval(networkRefresh);
    clearInterval(tick);
    clearTimeout(chartRefresh);
    feed.removeEventListener('event', onEvent);
    feed.removeEventListener('resync', onResync);
  });

  await Promise.all([loadCharts(), loadNetwork(), commands.reload(), loadAlerts()]);
}
