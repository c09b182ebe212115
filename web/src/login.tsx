// SPDX-License-Identifier: AGPL-3.0-or-later
// Logging in (session cookie + CSRF token) and the password change a first
// login demands, before any screen is shown.
import { api, setCsrf } from './api';
import { t } from './i18n';
import { ApiForm, Me, useAutofocus } from './ui';

export type LoggedIn = Me & { password?: string };

/* The login form; with `name` (logging in again after the session ended)
   the user name is filled in and the cursor starts in the password. */
export function Login({ onDone, name }: { onDone: (me: LoggedIn) => void; name?: string }) {
  const first = useAutofocus<HTMLInputElement>();
  const password = useAutofocus<HTMLInputElement>();
  async function submit(f: FormData) {
    const r = await api('POST', '/api/v1/auth/login',
      { username: f.get('username'), password: f.get('password') });
    setCsrf(r.csrf_token);
    onDone({ ...r.user, must_change_password: r.must_change_password,
             password: String(f.get('password')) });
  }
  return <ApiForm title={t(name ? 'login.again' : 'login.title')} submitLabel={t('login.submit')} onSubmit={submit}>
    {name && <p role="alert">{t('login.ended')}</p>}
    <label>{t('login.username')}<input name="username" ref={name ? undefined : first} autofocus={!name}
      defaultValue={name} autocomplete="username" /></label>
    <label>{t('login.password')}<input name="password" type="password" ref={name ? password : undefined}
      autofocus={!!name} autocomplete="current-password" /></label>
  </ApiForm>;
}

export function ChangePassword({ me, onDone }: { me: LoggedIn; onDone: () => void }) {
  const first = useAutofocus<HTMLInputElement>();
  async function submit(f: FormData) {
    await api('POST', `/api/v1/users/${encodeURIComponent(me.name)}/password`,
      { current_password: me.password, password: f.get('password') });
    onDone();
  }
  return <ApiForm title={t('pw.title')} submitLabel={t('pw.submit')} onSubmit={submit}>
    <input type="text" name="username" value={me.name} autocomplete="username" hidden readOnly />
    <label>{t('pw.new')}<input name="password" type="password" ref={first} autofocus autocomplete="new-password" /></label>
  </ApiForm>;
}
