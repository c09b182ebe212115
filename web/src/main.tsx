// SPDX-License-Identifier: AGPL-3.0-or-later
// The officer workstation: log in (changing a first password), then the
// screens the role may use, framed by the classification banners.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, setCsrf } from './api';
import { languages, setLanguage, t } from './i18n';
import './style.css';

const LEVELS = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'];
const OFFICER_ROLES = ['officer', 'supervisor', 'admin'];

interface Me { name: string; role: string; clearance?: string; must_change_password?: boolean }

function highest(items: any[]): string {
  let best = 0;
  for (const it of items) best = Math.max(best, LEVELS.indexOf(it?.classification ?? 'UNCLASSIFIED'));
  return LEVELS[best];
}

/* The autofocus attribute acts only on page load; screens swap without one. */
function useAutofocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function Banner({ level }: { level: string }) {
  return <div class={`banner cls-${level.toLowerCase()}`} data-testid="banner">{level}</div>;
}

/* A form whose submission calls the API; a failure is shown under it. */
function ApiForm({ title, submitLabel, onSubmit, children }: {
  title: string; submitLabel: string; onSubmit: (f: FormData) => Promise<void>; children: any;
}) {
  const [error, setError] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    try { await onSubmit(new FormData(e.target as HTMLFormElement)); }
    catch (err) { setError((err as Error).message); }
  }
  return <form class="panel" onSubmit={submit}>
    <h1>{title}</h1>
    {children}
    <button type="submit">{submitLabel}</button>
    {error && <p class="error" role="alert">{error}</p>}
  </form>;
}

function Login({ onDone }: { onDone: (me: Me) => void }) {
  const first = useAutofocus<HTMLInputElement>();
  async function submit(f: FormData) {
    const r = await api('POST', '/api/v1/auth/login',
      { username: f.get('username'), password: f.get('password') });
    setCsrf(r.csrf_token);
    onDone({ ...r.user, must_change_password: r.must_change_password,
             password: f.get('password') } as Me);
  }
  return <ApiForm title={t('login.title')} submitLabel={t('login.submit')} onSubmit={submit}>
    <label>{t('login.username')}<input name="username" ref={first} autofocus autocomplete="username" /></label>
    <label>{t('login.password')}<input name="password" type="password" autocomplete="current-password" /></label>
  </ApiForm>;
}

function ChangePassword({ me, onDone }: { me: Me & { password?: string }; onDone: () => void }) {
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

function Crossing({ onLevel }: { onLevel: (l: string) => void }) {
  const [mrz, setMrz] = useState('');
  const [bcp, setBcp] = useState(localStorage.getItem('rics.bcp') ?? '');
  const [result, setResult] = useState<any>(null);
  const area = useAutofocus<HTMLTextAreaElement>();
  const [error, setError] = useState('');
  async function submit(e?: Event) {
    e?.preventDefault();
    setError('');
    try {
      localStorage.setItem('rics.bcp', bcp);
      const body: Record<string, unknown> = { mrz: mrz.trim(), record: true, direction: 'in' };
      if (bcp) body.bcp_code = bcp;
      const r = await api('POST', '/api/v1/mrz', body);
      setResult(r);
      onLevel(highest([r.crossing, r.person_record, r.document_record, ...(r.screening?.hits ?? [])]));
      setMrz('');
      area.current?.focus();
    } catch (err) { setResult(null); setError((err as Error).message); }
  }
  function key(e: KeyboardEvent) {
    // a reader types two or three lines; Enter on a complete zone records it
    if (e.key === 'Enter' && !e.shiftKey && mrz.split('\n').filter(Boolean).length >= 2) submit(e);
  }
  const p = result?.mrz?.person, d = result?.mrz?.document, hits: any[] = result?.screening?.hits ?? [];
  return <form class="panel" onSubmit={submit}>
    <h1>{t('nav.crossing')}</h1>
    <label>{t('crossing.bcp')}
      <input name="bcp" value={bcp} onInput={(e) => setBcp((e.target as HTMLInputElement).value)} />
    </label>
    <label>{t('crossing.mrz')}
      <textarea name="mrz" ref={area} rows={3} autofocus spellcheck={false} value={mrz}
        onInput={(e) => setMrz((e.target as HTMLTextAreaElement).value)} onKeyDown={key} />
    </label>
    <button type="submit">{t('crossing.submit')}</button>
    {error && <p class="error" role="alert">{error}</p>}
    {result && <div class="result">
      <p>{t('crossing.recorded')}</p>
      <dl>
        <dt>{t('crossing.person')}</dt><dd data-testid="person">{p?.surname}, {p?.given_names} ({p?.birth_date}, {p?.nationality})</dd>
        <dt>{t('crossing.document')}</dt><dd data-testid="document">{d?.type} {d?.number} ({d?.issuing_state}, {d?.expiry_date})</dd>
      </dl>
      {hits.length === 0 && <p class="nohit">{t('crossing.nohit')}</p>}
      {hits.map((h) => <div class="hit" role="alert" data-testid="hit">
        <strong>{t('crossing.hit')}</strong> <span class="label">{h.classification ?? 'UNCLASSIFIED'}</span>
        <p>{h.explanation}</p>
        <p>{t('crossing.action')}: <strong>{h.action}</strong></p>
      </div>)}
    </div>}
  </form>;
}

function App() {
  const [me, setMe] = useState<(Me & { password?: string }) | null>(null);
  const [changed, setChanged] = useState(false);
  const [level, setLevel] = useState('UNCLASSIFIED');
  const [, redraw] = useState(0);
  let body;
  if (!me) body = <Login onDone={setMe} />;
  else if (me.must_change_password && !changed) body = <ChangePassword me={me} onDone={() => setChanged(true)} />;
  else body = <>
    <nav>
      {OFFICER_ROLES.includes(me.role) && <a href="#crossing" aria-current="page">{t('nav.crossing')}</a>}
      <span>{me.name} · {t('user.role')}: {me.role}</span>
      <button type="button" onClick={async () => { await api('POST', '/api/v1/auth/logout').catch(() => 0); setMe(null); }}>{t('nav.logout')}</button>
    </nav>
    {OFFICER_ROLES.includes(me.role) && <Crossing onLevel={setLevel} />}
  </>;
  return <>
    <Banner level={level} />
    <header><span>{t('app.title')}</span>
      <label>{t('lang')} <select onChange={(e) => { setLanguage((e.target as HTMLSelectElement).value); redraw((n) => n + 1); }}>
        {languages.map((l) => <option value={l}>{l}</option>)}
      </select></label>
    </header>
    <main>{body}</main>
    <Banner level={level} />
  </>;
}

render(<App />, document.getElementById('app')!);
