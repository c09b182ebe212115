// SPDX-License-Identifier: AGPL-3.0-or-later
// The administrator's users and API tokens: find a user, create one with
// role, clearance, country, agency and BCP, change role or clearance, lock,
// disable or reset a password; give a device a token (its secret is shown
// once) and revoke it. Both lists page and filter on the node
// (GET /api/v1/users, /api/v1/tokens). Every change is audited by the node.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { Screen } from '../screen';
import { AGENCIES, ApiForm, Choice, LEVELS, RecordList, formFields as fields, when } from '../ui';
import './users.css';

const ROLES = ['officer', 'supervisor', 'analyst', 'admin', 'auditor'];
const TOKEN_ROLES = ['reader', 'camera', 'officer', 'analyst'];
const STATES = ['active', 'locked', 'disabled'];

function state(u: any): string {
  if (u.disabled) return t('users.disabled');
  if (u.locked) return t('users.locked');
  return u.must_change_password ? t('users.must_change') : t('users.active');
}

function CreateUser({ onDone }: { onDone: () => void }) {
  const [made, setMade] = useState<any>(null);
  return <ApiForm title={t('users.create')} submitLabel={t('users.create')} testid="create-user"
    onSubmit={async (f) => {
      const u = await api('POST', '/api/v1/users', fields(f,
        ['name', 'full_name', 'role', 'clearance', 'agency', 'country', 'bcp_code', 'password']));
      setMade(u);
      (document.querySelector('[data-testid=create-user]') as HTMLFormElement)?.reset();
      onDone();
    }}>
    <div class="users-grid">
      <label>{t('users.name')}<input name="name" required pattern="[a-z0-9._\-]{1,64}" autocomplete="off" /></label>
      <label>{t('users.full_name')}<input name="full_name" /></label>
      <Choice name="role" values={ROLES} label={t('user.role')} prefix="role" />
      <Choice name="clearance" values={LEVELS} label={t('user.clearance')} />
      <Choice name="agency" values={AGENCIES} label={t('users.agency')} prefix="users.agency" />
      <label>{t('users.country')}<input name="country" required pattern="[A-Z]{2}" maxLength={2} /></label>
      <label>{t('users.bcp')}<input name="bcp_code" /></label>
      <label>{t('users.password')}<input name="password" type="password" autocomplete="new-password"
        placeholder={t('users.password_hint')} /></label>
    </div>
    {made && <p class="users-done" role="status" data-testid="user-created">
      {t('users.created', { name: made.name })}
      {made.password && <> {t('users.one_time')} <code class="secret">{made.password}</code></>}
    </p>}
  </ApiForm>;
}

function EditUser({ user, onDone }: { user: any; onDone: (u: any) => void }) {
  const [note, setNote] = useState('');
  const path = `/api/v1/users/${encodeURIComponent(user.name)}`;
  const patch = async (body: Record<string, unknown>) => onDone(await api('PATCH', path, body));
  return <div class="users-edit" data-testid="edit-user">
    <ApiForm title={t('users.edit', { name: user.name })} submitLabel={t('users.save')}
      onSubmit={async (f) => { await patch(fields(f, ['role', 'clearance', 'bcp_code'])); setNote(t('users.saved')); }}>
      <div class="users-grid">
        <Choice name="role" values={ROLES} value={user.role} label={t('user.role')} prefix="role" />
        <Choice name="clearance" values={LEVELS} value={user.clearance} label={t('user.clearance')} />
        <label>{t('users.bcp')}<input name="bcp_code" value={user.bcp_code ?? ''} /></label>
      </div>
      <p>{t('users.state')}: <strong data-testid="user-state">{state(user)}</strong></p>
      <div class="users-actions">
        <button type="button" onClick={() => patch({ locked: !user.locked }).catch((e) => setNote(e.message))}>
          {user.locked ? t('users.unlock') : t('users.lock')}</button>
        <button type="button" onClick={() => patch({ disabled: !user.disabled }).catch((e) => setNote(e.message))}>
          {user.disabled ? t('users.enable') : t('users.disable')}</button>
      </div>
      {note && <p role="status">{note}</p>}
    </ApiForm>
    <ApiForm title={t('users.reset')} submitLabel={t('users.reset')} onSubmit={async (f) => {
      await api('POST', `${path}/password`, { password: String(f.get('password')) });
      setNote(t('users.reset_done'));
    }}>
      <label>{t('users.new_password')}<input name="password" type="password" required minLength={12}
        autocomplete="new-password" /></label>
    </ApiForm>
  </div>;
}

function Tokens() {
  const [reload, setReload] = useState(0);
  const [made, setMade] = useState<any>(null);
  const [error, setError] = useState('');
  async function revoke(id: string) {
    try { await api('DELETE', `/api/v1/tokens/${id}`); setReload(reload + 1); }
    catch (e) { setError((e as Error).message); }
  }
  return <section class="admin-section">
    <h2>{t('users.tokens.title')}</h2>
    {error && <p class="error" role="alert">{error}</p>}
    <RecordList type="tokens" reload={reload} filters={[
      { key: 'name', label: t('users.tokens.name') }, { key: 'role', label: t('user.role'), options: TOKEN_ROLES },
      { key: 'revoked', label: t('users.tokens.state'), options: ['false', 'true'],
        optionLabel: (v) => t(v === 'true' ? 'users.tokens.revoked' : 'users.tokens.live') }]}
      columns={[
        { key: 'name', label: t('users.tokens.name') },
        { key: 'role', label: t('user.role') },
        { key: 'clearance', label: t('user.clearance') },
        { key: 'bcp_code', label: t('users.bcp') },
        { key: 'created_by', label: t('users.tokens.created_by') },
        { key: 'expires_at', label: t('users.tokens.expires'), render: (r) => when(r.expires_at) },
        { key: 'revoked', label: t('users.tokens.state'), render: (r) => r.revoked ? t('users.tokens.revoked')
          : <button type="button" onClick={() => revoke(r.id)}>{t('users.tokens.revoke')}</button> },
      ]} />
    <ApiForm title={t('users.tokens.create')} submitLabel={t('users.tokens.create')} testid="create-token" onSubmit={async (f) => {
      const body: Record<string, unknown> = fields(f, ['name', 'role', 'clearance', 'bcp_code']);
      if (f.get('expires_days')) body.expires_days = Number(f.get('expires_days'));
      setMade(await api('POST', '/api/v1/tokens', body));
      (document.querySelector('[data-testid=create-token]') as HTMLFormElement)?.reset();
      setReload(reload + 1);
    }}>
      <div class="users-grid">
        <label>{t('users.tokens.name')}<input name="name" required /></label>
        <Choice name="role" values={TOKEN_ROLES} label={t('user.role')} />
        <Choice name="clearance" values={LEVELS} label={t('user.clearance')} />
        <label>{t('users.bcp')}<input name="bcp_code" /></label>
        <label>{t('users.tokens.expires_days')}<input name="expires_days" type="number" min={0} max={3650} /></label>
      </div>
      {made && <p class="users-done" role="status" data-testid="token-secret">
        {t('users.tokens.secret', { name: made.name })} <code class="secret">{made.token}</code></p>}
    </ApiForm>
  </section>;
}

function Users() {
  const [reload, setReload] = useState(0);
  const [picked, setPicked] = useState<any>(null);
  const changed = (u: any) => { setPicked(u); setReload((n) => n + 1); };
  return <div class="panel wide users">
    <h1>{t('nav.users')}</h1>
    <RecordList type="users" reload={reload} onPick={setPicked} filters={[
      { key: 'name', label: t('users.search') },
      { key: 'role', label: t('user.role'), options: ROLES, optionLabel: (r) => t(`role.${r}`) },
      { key: 'clearance', label: t('user.clearance'), options: LEVELS },
      { key: 'country', label: t('users.country'), upper: true },
      { key: 'bcp_code', label: t('users.bcp') },
      { key: 'state', label: t('users.state'), options: STATES, optionLabel: (v) => t(`users.${v}`) },
    ]} columns={[
      { key: 'name', label: t('users.name') },
      { key: 'full_name', label: t('users.full_name') },
      { key: 'role', label: t('user.role'), render: (u) => t(`role.${u.role}`) },
      { key: 'clearance', label: t('user.clearance') },
      { key: 'agency', label: t('users.agency'), render: (u) => t(`users.agency.${u.agency}`) },
      { key: 'country', label: t('users.country') },
      { key: 'bcp_code', label: t('users.bcp') },
      { key: 'state', label: t('users.state'), render: state },
    ]} />
    {picked && <EditUser key={picked.name} user={picked} onDone={changed} />}
    <CreateUser onDone={() => setReload((n) => n + 1)} />
    <Tokens />
  </div>;
}

export const screen: Screen = {
  id: 'users', title: 'nav.users', roles: ['admin'], order: 80,
  view: () => <Users />,
};
