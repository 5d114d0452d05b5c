// The twin page's commands: a form generated from the device type's action schema (GET /device-types/{type}),
// checked in the page against the same schema the twin applies, and the command list, whose statuses follow the
// live feed's command_status events up to the device's ack.

import { ApiError, call, describe, get, query } from './api.js';
import { field, h, replace, select } from './dom.js';
import { time, value } from './format.js';

const final = new Set(['succeeded', 'failed', 'timed_out', 'expired', 'cancelled']);

/** The parameter's value from its control, or an error sentence naming it. */
function readParameter(name, schema, control) {
  if (schema.type === 'boolean') {
    return { value: control.checked };
  }
  const text = control.value.trim();
  if (text === '') {
    return schema.required ? { error: `${name} is required.` } : {};
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    const number = Number(text);
    if (!Number.isFinite(number)) {
      return { error: `${name} must be a number, not “${text}”.` };
    }
    if (schema.type === 'integer' && !Number.isInteger(number)) {
      return { error: `${name} must be a whole number.` };
    }
    if (schema.minimum !== null && schema.minimum !== undefined && number < schema.minimum) {
      return { error: `${name} must be at least ${schema.minimum}.` };
    }
    if (schema.maximum !== null && schema.maximum !== undefined && number > schema.maximum) {
      return { error: `${name} must be at most ${schema.maximum}.` };
    }
    return { value: number };
  }
  if (schema.values?.length && !schema.values.includes(text)) {
    return { error: `${name} must be one of ${schema.values.join(', ')}.` };
  }
  if (schema.max_length && text.length > schema.max_length) {
    return { error: `${name} may be at most ${schema.max_length} characters.` };
  }
  return { value: text };
}

function control(name, schema) {
  const id = `parameter-${name}`;
  if (schema.type === 'boolean') {
    return h('input', { id, name, type: 'checkbox' });
  }
  if (schema.values?.length) {
    return select({ id, name }, [['', schema.required ? 'choose…' : '(none)'], ...schema.values.map((v) => [v, v])], '');
  }
  // Text inputs rather than type=number: the browser would silently drop what it cannot parse, and the page is
  // meant to say what is wrong with an input in words.
  return h('input', { id, name, type: 'text', inputmode: schema.type === 'string' ? null : 'decimal', autocomplete: 'off' });
}

function hint(schema) {
  const parts = [schema.type];
  if (schema.minimum !== null && schema.minimum !== undefined) {
    parts.push(`≥ ${schema.minimum}`);
  }
  if (schema.maximum !== null && schema.maximum !== undefined) {
    parts.push(`≤ ${schema.maximum}`);
  }
  if (schema.max_length) {
    parts.push(`up to ${schema.max_length} characters`);
  }
  if (schema.required) {
    parts.push('required');
  }
  return [parts.join(', '), schema.description].filter(Boolean).join(' — ');
}

export function commandSection(context, id, type) {
  const path = `/twins/${encodeURIComponent(id)}`;
  const list = h('tbody');
  const message = h('p', { class: 'form-message', role: 'alert', id: 'command-message' });
  const formHolder = h('div');
  const rows = new Map();

  function renderRow(command) {
    const cells = [
      h('td', {}, time(command.created_at)),
      h('td', {}, command.action),
      h('td', {}, Object.entries(command.parameters ?? {}).map(([k, v]) => `${k}=${value(v)}`).join(', ')),
      h('td', { class: 'command-status' }, h('span', { class: `badge command-${command.status}` }, command.status)),
      h('td', {}, command.reason ?? (command.result ? JSON.stringify(command.result) : '')),
      h('td', {}, context.can('operator') && !final.has(command.status)
        ? h('button', { type: 'button', class: 'small', onclick: () => cancel(command) }, 'Cancel')
        : ''),
    ];
    let row = rows.get(command.command_id);
    if (!row) {
      row = { command, element: h('tr', { 'data-command': command.command_id }) };
      rows.set(command.command_id, row);
      list.prepend(row.element);
    }
    row.command = command;
    replace(row.element, cells);
  }

  async function cancel(command) {
    try {
      await call('DELETE', `${path}/commands/${encodeURIComponent(command.command_id)}`);
    } catch (error) {
      message.textContent = describe(error);
    }
  }

  async function reload() {
    const data = await get(`${path}/commands${query({ limit: 20 })}`);
    rows.clear();
    list.replaceChildren();
    for (const command of [...data.commands].reverse()) {
      renderRow(command);
    }
  }

  async function buildForm() {
    let declared;
    try {
      declared = await get(`/device-types/${encodeURIComponent(type)}`);
    } catch (error) {
      replace(formHolder, h('p', { class: 'muted' }, error instanceof ApiError && error.status === 404
        ? `The device type ${type} is not declared, so this twin takes no commands.`
        : describe(error)));
      return;
    }
    const actions = Object.entries(declared.actions ?? {});
    if (actions.length === 0) {
      replace(formHolder, h('p', { class: 'muted' }, `The device type ${type} declares no actions.`));
      return;
    }
    const action = select({ id: 'command-action', name: 'action' }, actions.map(([name]) => [name, name]), actions[0][0]);
    const parameters = h('div', { class: 'parameters' });
    let controls = [];
    const showParameters = () => {
      const schema = declared.actions[action.value].parameters ?? {};
      controls = Object.entries(schema).map(([name, s]) => ({ name, schema: s, element: control(name, s) }));
      replace(parameters, controls.length === 0
        ? h('p', { class: 'muted' }, 'This action takes no parameters.')
        : controls.map((c) => field(c.name, c.element, hint(c.schema))));
    };
    action.addEventListener('change', showParameters);
    showParameters();
    const send = h('button', { type: 'submit' }, 'Send command');
    const form = h('form', { id: 'command-form', novalidate: true }, field('Action', action), parameters, send);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = { action: action.value, parameters: {} };
      for (const c of controls) {
        const read = readParameter(c.name, c.schema, c.element);
        if (read.error) {
          message.textContent = `Not sent: ${read.error}`;
          c.element.setAttribute('aria-invalid', 'true');
          c.element.focus();
          return;
        }
        c.element.removeAttribute('aria-invalid');
        if (read.value !== undefined) {
          body.parameters[c.name] = read.value;
        }
      }
      send.disabled = true;
      try {
        const { data } = await call('POST', `${path}/commands`, { body });
        renderRow(data);
        message.textContent = `Command ${data.command_id} is ${data.status}.`;
      } catch (error) {
        message.textContent = `Not sent: ${describe(error)}`;
      } finally {
        send.disabled = false;
      }
    });
    replace(formHolder, form);
  }

  /** A command_status event: the row follows it; a command someone else sent is read whole. */
  function update(event) {
    const row = rows.get(event.command_id);
    if (row) {
      renderRow({ ...row.command, status: event.status, reason: event.reason ?? row.command.reason });
      if (final.has(event.status)) {
        get(`${path}/commands/${encodeURIComponent(event.command_id)}`).then(renderRow).catch(() => {});
      }
    } else {
      get(`${path}/commands/${encodeURIComponent(event.command_id)}`).then(renderRow).catch(() => {});
    }
  }

  if (context.can('operator')) {
    buildForm().catch((error) => replace(formHolder, h('p', { role: 'alert' }, describe(error))));
  }
  const element = h('section', { 'aria-labelledby': 'h-commands' }, h('h2', { id: 'h-commands' }, 'Commands'),
    formHolder, message,
    h('div', { class: 'table-wrap' }, h('table', { class: 'commands' },
      h('thead', {}, h('tr', {}, ['Created', 'Action', 'Parameters', 'Status', 'Result or reason', ''].map((c) => h('th', { scope: 'col' }, c)))),
      list)));
  return { element, reload, update };
}
