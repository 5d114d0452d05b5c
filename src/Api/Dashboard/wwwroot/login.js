// The login form, shown when API authentication is on and the browser holds no session. The credential goes to
// POST /session, which checks it exactly as an API call and answers with the session cookie.

import { ApiError, describe, openSession } from './api.js';
import { field, h, replace, select } from './dom.js';

export async function showLogin(context) {
  const kind = select({ id: 'login-kind', name: 'kind' }, [['api_key', 'API key'], ['bearer', 'Bearer token (JWT)']], 'api_key');
  const secret = h('input', { id: 'login-secret', name: 'secret', type: 'password', autocomplete: 'off', required: true, autofocus: true });
  const message = h('p', { class: 'form-message', role: 'alert' });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h('form', { class: 'login', novalidate: true }, field('Credential', kind), field('Secret', secret), submit, message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!secret.value.trim()) {
      message.textContent = 'Enter the API key or token you were given.';
      secret.focus();
      return;
    }
    submit.disabled = true;
    try {
      await openSession(kind.value, secret.value.trim());
      secret.value = '';
      await context.loggedIn();
    } catch (error) {
      message.textContent = error instanceof ApiError && error.status === 401
        ? 'That credential was not accepted. Check it and try again.'
        : describe(error);
      submit.disabled = false;
    }
  });
  replace(context.main, h('h1', {}, 'Log in'),
    h('p', {}, 'The platform asks for a credential. It is checked once and exchanged for a session of this browser, which ends when you log out, close the browser or it expires; the page keeps no copy of it.'), form);
}
