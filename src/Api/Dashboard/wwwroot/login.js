// The login form, shown when API authentication is on and the tab holds no accepted credential. It checks the
// credential against GET /system/identity before keeping it.

import { ApiError, credential, describe, get } from './api.js';
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
    credential.set(kind.value, secret.value.trim());
    try {
      await get('/system/identity');
      await context.loggedIn();
    } catch (error) {
      credential.clear();
      message.textContent = error instanceof ApiError && error.status === 401
        ? 'That credential was not accepted. Check it and try again.'
        : describe(error);
      submit.disabled = false;
    }
  });
  replace(context.main, h('h1', {}, 'Log in'),
    h('p', {}, 'The platform asks for a credential. It is kept in this browser tab only and sent with every request.'), form);
}
